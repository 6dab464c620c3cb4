package io.multibroker.registry;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.metrics.LatencyMinute;
import io.multibroker.api.metrics.OperationMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counts and HDR latency histograms of one operation on one account: in total since registration,
 * and per minute over the last hour, so that any window up to an hour is exact to the minute.
 */
final class OperationMeter {

    static final class Counts implements MinuteRing.Bucket {
        final long minute;
        final LongAdder calls = new LongAdder();
        final LongAdder successes = new LongAdder();
        final Map<ErrorCode, LongAdder> errors = new ConcurrentHashMap<>();
        // three significant digits, auto-resizing: from nanoseconds to hours without a preset range
        final Histogram latencyNanos = new ConcurrentHistogram(3);

        Counts(long minute) {
            this.minute = minute;
        }

        @Override
        public long minute() {
            return minute;
        }

        void add(long nanos, ErrorCode error) {
            calls.increment();
            if (error == null) {
                successes.increment();
            } else {
                errors.computeIfAbsent(error, c -> new LongAdder()).increment();
            }
            latencyNanos.recordValue(Math.max(0, nanos));
        }
    }

    private final String operation;
    private final Instant start;
    private final Counts total = new Counts(Long.MIN_VALUE);
    private final MinuteRing<Counts> minutes = new MinuteRing<>(Counts::new);

    OperationMeter(String operation, Instant start) {
        this.operation = operation;
        this.start = start;
    }

    void success(long nanos) {
        record(Instant.now(), nanos, null);
    }

    void failure(long nanos, ErrorCode code) {
        record(Instant.now(), nanos, code);
    }

    void record(Instant at, long nanos, ErrorCode errorOrNull) {
        total.add(nanos, errorOrNull);
        minutes.bucket(at.getEpochSecond() / 60).add(nanos, errorOrNull);
    }

    OperationMetrics snapshot() {
        return snapshot(Instant.EPOCH, Instant.now());
    }

    /** The window from {@code since} to {@code now}; since before the last hour counts everything since registration. */
    OperationMetrics snapshot(Instant since, Instant now) {
        Instant from = since.isBefore(start) ? start : since;
        List<Counts> parts = useTotal(since, now) ? List.of(total) : minutes.between(since.getEpochSecond() / 60, now.getEpochSecond() / 60);
        Histogram latency = new Histogram(3);
        long calls = 0;
        long successes = 0;
        Map<ErrorCode, Long> errors = new EnumMap<>(ErrorCode.class);
        for (Counts part : parts) {
            latency.add(part.latencyNanos.copy());
            calls += part.calls.sum();
            successes += part.successes.sum();
            part.errors.forEach((code, count) -> errors.merge(code, count.sum(), Long::sum));
        }
        double seconds = Math.max(1.0, Duration.between(from, now).toMillis() / 1000.0);
        return new OperationMetrics(operation, calls, successes, errors, percentile(latency, 50), percentile(latency, 90),
                percentile(latency, 99), percentile(latency, 99.9), Duration.ofNanos(calls == 0 ? 0 : latency.getMaxValue()),
                calls / seconds);
    }

    /** Each minute of the hour up to {@code now} that had calls, oldest first: its calls, median and 99th percentile. */
    List<LatencyMinute> byMinute(Instant now) {
        long last = now.getEpochSecond() / 60;
        return minutes.between(last - (MinuteRing.MINUTES - 1), last).stream().filter(minute -> minute.calls.sum() > 0)
                .sorted(Comparator.comparingLong(Counts::minute)).map(minute -> {
                    Histogram latency = minute.latencyNanos.copy();
                    return new LatencyMinute(Instant.ofEpochSecond(minute.minute * 60), latency.getTotalCount(),
                            latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6);
                }).toList();
    }

    /** Whether the window reaches back past what the minute ring holds, or past registration. */
    boolean useTotal(Instant since, Instant now) {
        return !since.isAfter(start) || since.isBefore(now.minusSeconds((MinuteRing.MINUTES - 1) * 60L));
    }

    private static Duration percentile(Histogram histogram, double percentile) {
        return Duration.ofNanos(histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile));
    }
}
