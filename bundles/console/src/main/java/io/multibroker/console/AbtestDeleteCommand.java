package io.multibroker.console;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "abtest", name = "delete", description = "Deletes an experiment and its settings")
@Service
public class AbtestDeleteCommand extends ExperimentCommand {

    @Argument(index = 0, name = "name", required = true, description = "The experiment")
    @Completion(ExperimentCompleter.class)
    String name;

    @Override
    protected Object run() throws Exception {
        experiments().delete(name);
        out().println("Experiment " + name + " deleted");
        return null;
    }
}
