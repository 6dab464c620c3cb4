package io.multibroker.api.metrics;

import java.time.Instant;

/**
 * One minute of an operation's latency on one account.
 *
 * @param minute the start of the minute
 * @param calls calls that ended in it
 * @param p50Millis median latency in milliseconds
 * @param p99Millis 99th percentile latency in milliseconds
 */
public record LatencyMinute(Instant minute, long calls, double p50Millis, double p99Millis) {
}
