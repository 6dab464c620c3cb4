package io.multibroker.journal;

import java.time.Duration;

/**
 * The journal's timings, checked and converted from its configuration; built directly by tests.
 *
 * @param horizon how long an unknown outcome is looked up again before it is listed for the operator
 * @param firstCheck the wait before the first background lookup; each later wait doubles
 * @param maxWait the longest wait between two lookups
 * @param callTimeout how long one lookup of a reconciliation or a background check may take
 */
record Settings(Duration horizon, Duration firstCheck, Duration maxWait, Duration callTimeout) {

    static Settings from(JournalConfig config) {
        return new Settings(Duration.ofHours(config.unknown_horizon_hours()), Duration.ofMillis(config.unknown_first_check_ms()),
                Duration.ofMillis(config.unknown_max_wait_ms()), Duration.ofMillis(config.reconcile_call_timeout_ms()));
    }
}
