package io.multibroker.registry;

/**
 * Conditions about an account that other components of this bundle report to the registry, which folds
 * them into the account's health. Internal to the bundle (the package is not exported).
 */
public interface AccountConditions {

    /** The account's latest configuration was refused: it runs on an earlier one and is DEGRADED with this reason. */
    void configurationRefused(String accountId, String reason);

    /** The account's latest configuration was accepted. */
    void configurationAccepted(String accountId);
}
