package io.multibroker.console;

import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "abtest", name = "promote", description = "Promotes an arm of an experiment to 100 % of its orders (a versioned configuration change)")
@Service
public class AbtestPromoteCommand extends ExperimentCommand {

    @Argument(index = 0, name = "name", required = true, description = "The experiment")
    @Completion(ExperimentCompleter.class)
    String name;

    @Argument(index = 1, name = "arm", required = true, description = "The arm (account) to promote")
    @Completion(AccountCompleter.class)
    String arm;

    @Argument(index = 2, name = "options", multiValued = true, description = "--reason may also follow the arguments")
    List<String> trailingOptions;

    @Option(name = "--reason", description = "Why, kept in the log and the event (default: who promoted it)")
    String reason;

    @Override
    protected Object run() throws Exception {
        TrailingOptions given = new TrailingOptions(trailingOptions, Set.of("--reason"), Set.of());
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments);
        }
        reason = given.get("--reason", reason);
        Object user = session.get("USER");
        String why = reason != null ? reason : "by hand from the console" + (user == null ? "" : " by " + user);
        experiments().promote(name, arm, why);
        out().println("Experiment " + name + ": " + arm + " promoted to 100 %");
        return null;
    }
}
