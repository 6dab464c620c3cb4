package io.multibroker.api.metrics;

import io.multibroker.api.error.ErrorCode;
import java.time.Duration;
import java.util.Map;

/**
 * Counts and latencies of one operation on one account in a window. For {@code priceStream} a call is
 * one tick delivered, and its latency the age of the tick when it reached the subscriber.
 *
 * @param operation the adapter method ({@code placeOrder}, {@code cancelOrder}, ...)
 * @param calls calls made
 * @param successes calls that succeeded (for orders: not REJECTED and not UNKNOWN)
 * @param errors failed calls by error code
 * @param p50 median latency
 * @param p90 90th percentile latency
 * @param p99 99th percentile latency
 * @param p999 99.9th percentile latency
 * @param max the largest latency
 * @param throughputPerSecond calls per second over the window
 */
public record OperationMetrics(String operation, long calls, long successes, Map<ErrorCode, Long> errors,
        Duration p50, Duration p90, Duration p99, Duration p999, Duration max, double throughputPerSecond) {

    public long failures() {
        return calls - successes;
    }

    /** Failed calls over all calls, 0 when there were none. */
    public double errorRate() {
        return calls == 0 ? 0 : (double) failures() / calls;
    }
}
