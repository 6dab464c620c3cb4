package io.multibroker.registry;

import io.multibroker.api.config.ConfigurationViolation;
import java.util.List;
import java.util.Map;

/**
 * What the configuration guard tells the history (internal to the bundle): the history is the one owner of versions and
 * refusals.
 */
public interface ConfigurationLedger {

    /**
     * A configuration took effect: its refusal, if any, is cleared and, when {@code versioned} and it differs from the latest
     * version, it becomes the next version.
     *
     * @return whether a new version was recorded
     */
    boolean accepted(String subject, String pid, Map<String, String> written, boolean versioned);

    /** A configuration was refused: these violations are the subject's refusal until a configuration is accepted. */
    void refused(String subject, String pid, List<ConfigurationViolation> violations);

    /** A refusal that came from outside ConfigAdmin (a file that cannot be parsed) is over. */
    void cleared(String subject);

    /** The configuration was deleted: a version with no properties when {@code versioned}, and no refusal. */
    void removed(String subject, boolean versioned);
}
