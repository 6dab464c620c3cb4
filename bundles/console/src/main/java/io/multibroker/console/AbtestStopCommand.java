package io.multibroker.console;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "abtest", name = "stop", description = "Stops routing orders to an experiment (its settings are kept)")
@Service
public class AbtestStopCommand extends ExperimentCommand {

    @Argument(index = 0, name = "name", required = true, description = "The experiment")
    @Completion(ExperimentCompleter.class)
    String name;

    @Override
    protected Object run() throws Exception {
        experiments().stop(name);
        out().println("Experiment " + name + " stopped");
        return null;
    }
}
