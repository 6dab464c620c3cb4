package io.multibroker.registry;

import io.multibroker.api.config.ConfigurationKind;

/** Told of every kind of configuration as it is registered (whiteboard of {@link ConfigurationKindsImpl}); internal to the bundle. */
public interface KindListener {

    /** A kind is registered, or was already when this listener came. */
    void kindAdded(ConfigurationKind kind);
}
