package io.multibroker.console;

import io.multibroker.api.routing.ExperimentService;

/**
 * What the {@code abtest:*} commands share: the experiment service, looked up when the command runs rather than injected.
 * Karaf registers a bundle's commands only once every service they inject is there: an injected experiment service kept
 * every broker:* command away until the experiment store had opened its database (about a second of each start, or for
 * ever without the abtest feature), and took them all away whenever the abtest bundle restarted (docs/wiring.md).
 */
public abstract class ExperimentCommand extends BrokerCommand {

    /** The experiment service, or a clear error when the abtest feature is not running. */
    protected ExperimentService experiments() {
        return optionalService(ExperimentService.class).orElseThrow(() -> new IllegalStateException(
                "experiments need the abtest feature, which is not running: feature:install multibroker-abtest"));
    }
}
