package io.multibroker.console;

import io.multibroker.api.routing.ExperimentService;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** What the {@code abtest:*} commands share: the experiment service. */
public abstract class ExperimentCommand extends BrokerCommand {

    @Reference
    protected ExperimentService experiments;
}
