package io.multibroker.registry;

/** The history's bounds, checked once so that a wrong value is refused with its key and the rule, not clamped silently. */
record HistoryLimits(int errorsKept, int changesKeptPerAccount, int queueCapacity) {

    HistoryLimits {
        check("errors.kept", errorsKept, 100, 10_000_000);
        check("capability.changes.kept", changesKeptPerAccount, 1, 100_000);
        check("queue.capacity", queueCapacity, 1, 10_000_000);
    }

    static HistoryLimits of(HistoryConfig config) {
        return new HistoryLimits(config.errors_kept(), config.capability_changes_kept(), config.queue_capacity());
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(SharedRegistryHistory.PID + " " + key + " = " + value + ": must be between " + min
                    + " and " + max);
        }
    }
}
