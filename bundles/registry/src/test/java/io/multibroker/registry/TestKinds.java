package io.multibroker.registry;

import io.multibroker.api.config.FactoryKind;
import io.multibroker.api.config.SingletonKind;

/** Kinds of configuration for tests. */
final class TestKinds {

    private TestKinds() {
    }

    /** A versioned factory kind whose configurations are named by {@code nameKey}. */
    static final class Factory extends FactoryKind {
        Factory(String id, String pid, String nameKey) {
            super(id, pid, nameKey);
        }
    }

    /** A singleton kind: one configuration, no name. */
    static final class Singleton extends SingletonKind {
        Singleton(String id, String pid) {
            super(id, pid);
        }
    }
}
