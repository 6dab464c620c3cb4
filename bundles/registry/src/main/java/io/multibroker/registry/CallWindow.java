package io.multibroker.registry;

import io.multibroker.api.error.ErrorCategory;
import java.util.EnumSet;
import java.util.Set;

/**
 * Calls and broker-side failures of one account over the last N seconds, in one-second buckets: the
 * error rate that turns an account DEGRADED. Only failures that say something about the broker count
 * (connectivity, throttling, protocol, unknown outcomes, authentication, unclassified); a caller's own
 * mistake (an invalid or unsupported order, missing funds) does not make a broker unhealthy.
 */
final class CallWindow {

    static final Set<ErrorCategory> BROKER_SIDE = EnumSet.of(ErrorCategory.CONNECTIVITY, ErrorCategory.THROTTLING,
            ErrorCategory.PROTOCOL, ErrorCategory.UNKNOWN_OUTCOME, ErrorCategory.AUTHENTICATION, ErrorCategory.UNKNOWN);

    private final int seconds;
    private final long[] bucketSecond;
    private final long[] calls;
    private final long[] failures;

    CallWindow(int seconds) {
        this.seconds = seconds;
        this.bucketSecond = new long[seconds];
        this.calls = new long[seconds];
        this.failures = new long[seconds];
    }

    synchronized void record(long epochSecond, ErrorCategory failure) {
        int index = (int) Math.floorMod(epochSecond, (long) seconds);
        if (bucketSecond[index] != epochSecond) {
            bucketSecond[index] = epochSecond;
            calls[index] = 0;
            failures[index] = 0;
        }
        calls[index]++;
        if (failure != null && BROKER_SIDE.contains(failure)) {
            failures[index]++;
        }
    }

    /** The calls and broker-side failures in a window. */
    record Totals(long calls, long errors) {
    }

    /** The calls and broker-side failures in the window that ends at the given second. */
    synchronized Totals totals(long nowEpochSecond) {
        long totalCalls = 0;
        long totalFailures = 0;
        for (int i = 0; i < seconds; i++) {
            if (nowEpochSecond - bucketSecond[i] < seconds) {
                totalCalls += calls[i];
                totalFailures += failures[i];
            }
        }
        return new Totals(totalCalls, totalFailures);
    }

    int seconds() {
        return seconds;
    }
}
