package io.multibroker.console;

import io.multibroker.api.routing.ExperimentService;
import java.time.Duration;

/**
 * What the {@code abtest:*} commands share: the experiment service, looked up when the command runs rather than injected.
 * Karaf registers a bundle's commands only once every service they inject is there: an injected experiment service kept
 * every broker:* command away until the experiment store had opened its database (about a second of each start, or for
 * ever without the abtest feature), and took them all away whenever the abtest bundle restarted (docs/wiring.md). As the
 * broker:* commands answering no longer means the experiments are there, a command run just after a start waits for them.
 */
public abstract class ExperimentCommand extends BrokerCommand {

    /** How long a command waits for the abtest feature's services to come (its store opens a database first). */
    Duration patience = Duration.ofSeconds(15);

    /** This command's experiment service, looked up once. */
    private ExperimentService experiments;

    /** The experiment service, waited for a while after a start; a clear error when it does not come. */
    protected ExperimentService experiments() {
        if (experiments == null) {
            experiments = abtestService(ExperimentService.class, "the experiments");
        }
        return experiments;
    }

    /** A service of the abtest feature, waited for up to {@link #patience}. */
    protected <T> T abtestService(Class<T> type, String what) {
        return optionalService(type, patience).orElseThrow(() -> new IllegalStateException(what + " did not come within "
                + patience.toSeconds() + " s: is the abtest feature installed (feature:install multibroker-abtest)? If it is, its "
                + "store could not open its database: see the log (log:display)"));
    }
}
