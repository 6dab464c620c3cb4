package io.multibroker.api.config;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable history of every account's configuration: each configuration that took effect is a
 * version; a configuration that was refused leaves the last valid one in force and is not a version.
 */
@ProviderType
public interface ConfigurationHistory {

    /** The versions of an account's configuration, oldest first. */
    List<ConfigurationVersion> versions(String accountId);

    /** What differs from version {@code from} to version {@code to}, key by key. */
    List<ConfigurationChange> diff(String accountId, int from, int to);

    /**
     * Makes the given version the account's configuration again (it becomes a new version with source
     * {@code rollback}). Refused, with nothing changed, when the version held a literal secret that differs
     * from the current one: a secret is never stored in clear, so it cannot be restored.
     */
    ConfigurationVersion rollback(String accountId, int version);

    /** The reasons the account's latest configuration was refused, or empty when it was accepted. */
    List<ConfigurationViolation> refusal(String accountId);
}
