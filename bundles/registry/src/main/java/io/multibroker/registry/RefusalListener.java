package io.multibroker.registry;

/**
 * Told when the configuration history records or clears a refusal, so that what depends on it (an account's health) is
 * looked at again at once. The refusal itself is kept by the history alone. Internal to the bundle.
 */
public interface RefusalListener {

    void refusalChanged(String subject);
}
