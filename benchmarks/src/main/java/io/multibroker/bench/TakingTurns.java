package io.multibroker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Order round trips of several sides (an adapter and plain requests doing the same), 1, 8 or 64 at a time, taking turns
 * in half-second slices so that every side sees the same machine: JMH measures one benchmark after another, and on
 * these shared machines the load changes from one minute to the next (the same ratio came out anywhere between 38 % and
 * 123 % across JMH runs). Every round of slices gives each side's rate over the baseline's; the median round is the
 * figure. What one broker's comparison supplies is only how each side sends one order.
 *
 * <p>The result, per concurrency, as JSON: per side {@code orders}, {@code failures}, {@code ordersPerSecond},
 * {@code p50Millis}, {@code p99Millis}, and for every side but the baseline {@code <side>RoundRatios}.
 */
public final class TakingTurns {

    /** One order by a side, alternately a buy and a sell; false when it did not come back as it should (filled). */
    @FunctionalInterface
    public interface Side {
        boolean order(boolean buy) throws Exception;
    }

    private static final int WARM_UP_ROUNDS = 4;
    private static final int ROUNDS = Integer.getInteger("rounds", 16);

    private TakingTurns() {
    }

    /** The levels to measure: the system property {@code concurrency} ({@code -Dconcurrency=1,8}), 1, 8 and 64 by default. */
    public static int[] concurrency() {
        return Arrays.stream(System.getProperty("concurrency", "1,8,64").split(",")).mapToInt(Integer::parseInt).toArray();
    }

    public static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Half a second a slice; a second at 64 at a time, whose slowest answers take a good part of half a second. */
    private static long sliceNanos(int concurrency) {
        return TimeUnit.MILLISECONDS.toNanos(concurrency >= 64 ? 1_000 : 500);
    }

    /** What one side did over all its slices at one concurrency. */
    private static final class Tally {
        final Recorder latencyMicros = new Recorder(3);
        final Histogram total = new Histogram(3);
        final AtomicLong orders = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        long nanos;
        final List<Double> sliceRates = new ArrayList<>();
    }

    /**
     * The sides at one concurrency, in rounds of one slice each.
     *
     * @param sides by name, in the order they take their turns
     * @param baseline the name of the side the others are divided by
     */
    public static ObjectNode compare(Map<String, Side> sides, String baseline, int concurrency, ObjectMapper json) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> daemon(r, "worker"));
        try {
            Map<String, Tally> warmUp = new LinkedHashMap<>();
            Map<String, Tally> measured = new LinkedHashMap<>();
            for (String side : sides.keySet()) {
                warmUp.put(side, new Tally());
                measured.put(side, new Tally());
            }
            for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
                Map<String, Tally> into = round < WARM_UP_ROUNDS ? warmUp : measured;
                for (Map.Entry<String, Side> side : sides.entrySet()) {
                    slice(side.getValue(), concurrency, workers, into.get(side.getKey()));
                }
            }
            ObjectNode result = json.createObjectNode();
            measured.forEach((side, tally) -> {
                tally.latencyMicros.getIntervalHistogramInto(tally.total);
                ObjectNode node = result.putObject(side.toLowerCase(Locale.ROOT));
                node.put("orders", tally.orders.get());
                node.put("failures", tally.failures.get());
                node.put("ordersPerSecond", tally.orders.get() * 1e9 / tally.nanos);
                node.put("p50Millis", tally.total.getValueAtPercentile(50) / 1000.0);
                node.put("p99Millis", tally.total.getValueAtPercentile(99) / 1000.0);
            });
            for (String side : sides.keySet()) {
                if (!side.equals(baseline)) {
                    ArrayNode ratios = result.putArray(side.toLowerCase(Locale.ROOT) + "RoundRatios");
                    for (int round = 0; round < ROUNDS; round++) {
                        ratios.add(measured.get(side).sliceRates.get(round) / measured.get(baseline).sliceRates.get(round));
                    }
                }
            }
            return result;
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * One order; one that fails outright counts as a failure (reported beside the side's figures, and a comparison
     * with failures is not met) rather than ending the run: the plain JDK client's POST on a pooled connection the
     * stand-in had just closed fails with "header parser received no bytes" and is not retried, and that one order
     * once threw away a whole run's round trips. The first failure of each side is printed, so none passes unseen.
     */
    private static boolean orderCountingFailure(Side side, boolean buy, Tally tally) {
        try {
            return side.order(buy);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (tally.failures.get() == 0) {
                System.err.println("an order failed (counted as a failure): " + e);
            }
            return false;
        }
    }

    /** Every worker sends orders until the slice ends; the slice lasts until the last order is answered. */
    private static void slice(Side side, int concurrency, ExecutorService workers, Tally tally) throws Exception {
        long start = System.nanoTime();
        long deadline = start + sliceNanos(concurrency);
        long before = tally.orders.get();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            running.add(workers.submit(() -> {
                boolean buy = false;
                while (System.nanoTime() < deadline) {
                    buy = !buy;
                    long sent = System.nanoTime();
                    boolean filled = orderCountingFailure(side, buy, tally);
                    tally.latencyMicros.recordValue((System.nanoTime() - sent) / 1_000);
                    tally.orders.incrementAndGet();
                    if (!filled) {
                        tally.failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(60, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - start;
        tally.nanos += elapsed;
        tally.sliceRates.add((tally.orders.get() - before) * 1e9 / elapsed);
    }
}
