package io.multibroker.registry;

import io.multibroker.api.config.ConfigurationKind;

/** Kinds of configuration for tests. */
final class TestKinds {

    private TestKinds() {
    }

    /** A versioned factory kind whose configurations are named by {@code nameKey}. */
    record Factory(String id, String pid, String nameKey) implements ConfigurationKind {
        @Override
        public boolean factory() {
            return true;
        }
    }

    /** A singleton kind: one configuration, no name. */
    record Singleton(String id, String pid) implements ConfigurationKind {
        @Override
        public boolean factory() {
            return false;
        }

        @Override
        public String nameKey() {
            return null;
        }
    }
}
