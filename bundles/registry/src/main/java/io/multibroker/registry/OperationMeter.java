package io.multibroker.registry;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.metrics.OperationMetrics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Counts and an HDR latency histogram of one operation on one account. Thread-safe and lock-free on the recording path. */
final class OperationMeter {

    private final String operation;
    private final LongAdder calls = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final Map<ErrorCode, LongAdder> errors = new ConcurrentHashMap<>();
    // three significant digits, auto-resizing: from nanoseconds to hours without a preset range
    private final Histogram latencyNanos = new ConcurrentHistogram(3);

    OperationMeter(String operation) {
        this.operation = operation;
    }

    void success(long nanos) {
        calls.increment();
        successes.increment();
        latencyNanos.recordValue(Math.max(0, nanos));
    }

    void failure(long nanos, ErrorCode code) {
        calls.increment();
        errors.computeIfAbsent(code, c -> new LongAdder()).increment();
        latencyNanos.recordValue(Math.max(0, nanos));
    }

    OperationMetrics snapshot() {
        Histogram copy = latencyNanos.copy();
        Map<ErrorCode, Long> errorCounts = new EnumMap<>(ErrorCode.class);
        errors.forEach((code, count) -> errorCounts.put(code, count.sum()));
        return new OperationMetrics(operation, calls.sum(), successes.sum(), errorCounts,
                percentile(copy, 50), percentile(copy, 90), percentile(copy, 99), percentile(copy, 99.9),
                Duration.ofNanos(copy.getTotalCount() == 0 ? 0 : copy.getMaxValue()));
    }

    private static Duration percentile(Histogram histogram, double percentile) {
        return Duration.ofNanos(histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile));
    }
}
