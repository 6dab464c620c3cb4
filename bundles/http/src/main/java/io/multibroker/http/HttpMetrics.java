package io.multibroker.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Requests to the API by operation and status, and their durations as a Prometheus histogram per operation. */
public final class HttpMetrics {

    /** Bucket bounds in seconds: from a cached read (a tenth of a millisecond) to a slow broker (ten seconds). */
    static final double[] BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** Requests of one operation that ended with one status. */
    public record Key(String method, String route, int status) {
    }

    /** The durations of one operation. */
    public static final class Histogram {
        final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1);
        final DoubleAdder sum = new DoubleAdder();
        final LongAdder count = new LongAdder();

        void record(double seconds) {
            int bucket = 0;
            while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) {
                bucket++;
            }
            counts.incrementAndGet(bucket);
            sum.add(seconds);
            count.increment();
        }

        /** Requests that took at most the bucket's bound: cumulative, as Prometheus wants them. */
        long cumulative(int bucket) {
            long total = 0;
            for (int i = 0; i <= bucket; i++) {
                total += counts.get(i);
            }
            return total;
        }
    }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> durations = new ConcurrentHashMap<>();

    public void record(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(new Key(method, route, status), k -> new LongAdder()).increment();
        durations.computeIfAbsent(method + " " + route, k -> new Histogram()).record(nanos / 1e9);
    }

    Map<Key, LongAdder> requests() {
        return requests;
    }

    Map<String, Histogram> durations() {
        return durations;
    }
}
