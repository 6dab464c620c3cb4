package io.multibroker.oanda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.oanda.stub.OandaStub;
import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * OANDA market orders against the loopback stand-in, 1, 8 and 64 at a time: through the adapter, as plain
 * HttpClient POSTs of the same body sent by the waiting thread itself (the limit), and as plain POSTs handed to
 * another thread and awaited (what any asynchronous API pays).
 *
 * <p>Not JMH, on purpose: JMH measures one benchmark after another, and on this shared machine the load changes
 * from one minute to the next (the same ratio came out anywhere between 38 % and 123 % across JMH runs). Here the
 * three sides take turns in half-second slices, so that they see the same machine, and every round of three
 * slices gives its own ratio; the figure written down is the median round's. The stand-in runs in the same JVM,
 * so both sides share the two cores with it; the adapter's client-side rate limit is lifted for the run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.multibroker.oanda.RoundTripComparison OUTPUT.json}; the system property
 * {@code concurrency} (for example {@code -Dconcurrency=1,8}) picks the levels.
 */
public final class RoundTripComparison {

    enum Side { ADAPTER, PLAIN, PLAIN_HANDED_OFF }

    private static final String ACCOUNT = "101-001-0000001-001";
    /** Half a second a slice; a second at 64 at a time, whose slowest answers take a good part of half a second. */
    private static long sliceNanos(int concurrency) {
        return TimeUnit.MILLISECONDS.toNanos(concurrency >= 64 ? 1_000 : 500);
    }

    private static final int WARM_UP_ROUNDS = 4;
    private static final int ROUNDS = 16;
    private static final int[] CONCURRENCY = java.util.Arrays.stream(System.getProperty("concurrency", "1,8,64").split(","))
            .mapToInt(Integer::parseInt).toArray();

    private final OandaBrokerAdapter adapter;
    private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI orders;
    private final ExecutorService handOff = Executors.newCachedThreadPool(r -> daemon(r, "hand-off"));

    private RoundTripComparison(OandaStub stub) throws Exception {
        URI base = URI.create(stub.baseUrl());
        adapter = new OandaBrokerAdapter(new OandaBrokerAdapter.Settings("bench", ACCOUNT, new OandaBrokerAdapter.Endpoints(base, base), "t",
                Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000_000, 2, Set.of(), Duration.ofHours(1)));
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        orders = URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT + "/orders");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One order by the side; false when it did not come back filled (a run with failures compares nothing). */
    private boolean order(Side side, boolean buy) throws Exception {
        switch (side) {
            case ADAPTER: {
                OrderResult result = adapter.placeOrder(UnifiedOrder.market("EUR_USD", buy ? OrderSide.BUY : OrderSide.SELL, BigDecimal.ONE)
                        .build()).toCompletableFuture().join();
                return result.status() == OrderStatus.FILLED;
            }
            case PLAIN:
                return plainOrder(buy) == 201;
            default:
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return plainOrder(buy);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, handOff).join() == 201;
        }
    }

    /**
     * The request the adapter sends for the same order: the same body, client order id included (the stand-in
     * keeps and echoes it, as OANDA does), and the same headers; only the adapter's request timeout is left out.
     */
    private int plainOrder(boolean buy) throws Exception {
        String body = "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"" + (buy ? "1" : "-1")
                + "\",\"timeInForce\":\"FOK\",\"positionFill\":\"DEFAULT\",\"clientExtensions\":{\"id\":\""
                + java.util.UUID.randomUUID() + "\"}}}";
        HttpRequest request = HttpRequest.newBuilder(orders).header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .header("Accept-Datetime-Format", "RFC3339").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return plain.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
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

    /** Every worker sends orders until the slice ends; the slice lasts until the last order is answered. */
    private void slice(Side side, int concurrency, ExecutorService workers, Tally tally) throws Exception {
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
                    boolean filled = order(side, buy);
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

    private ObjectNode compare(int concurrency, ObjectMapper json) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> daemon(r, "worker"));
        try {
            Map<Side, Tally> warmUp = new EnumMap<>(Side.class);
            Map<Side, Tally> measured = new EnumMap<>(Side.class);
            for (Side side : Side.values()) {
                warmUp.put(side, new Tally());
                measured.put(side, new Tally());
            }
            for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
                Map<Side, Tally> into = round < WARM_UP_ROUNDS ? warmUp : measured;
                for (Side side : Side.values()) {
                    slice(side, concurrency, workers, into.get(side));
                }
            }
            ObjectNode result = json.createObjectNode();
            for (Side side : Side.values()) {
                Tally tally = measured.get(side);
                tally.latencyMicros.getIntervalHistogramInto(tally.total);
                ObjectNode node = result.putObject(side.name().toLowerCase(java.util.Locale.ROOT));
                node.put("orders", tally.orders.get());
                node.put("failures", tally.failures.get());
                node.put("ordersPerSecond", tally.orders.get() * 1e9 / tally.nanos);
                node.put("p50Millis", tally.total.getValueAtPercentile(50) / 1000.0);
                node.put("p99Millis", tally.total.getValueAtPercentile(99) / 1000.0);
            }
            for (Side side : List.of(Side.ADAPTER, Side.PLAIN_HANDED_OFF)) {
                var ratios = result.putArray(side.name().toLowerCase(java.util.Locale.ROOT) + "RoundRatios");
                for (int round = 0; round < ROUNDS; round++) {
                    ratios.add(measured.get(side).sliceRates.get(round) / measured.get(Side.PLAIN).sliceRates.get(round));
                }
            }
            return result;
        } finally {
            workers.shutdownNow();
        }
    }

    public static void main(String[] args) throws Exception {
        File output = new File(args.length > 0 ? args[0] : "roundtrips.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode all = json.createObjectNode();
        try (OandaStub stub = OandaStub.builder().account(ACCOUNT).token("t").balance(new BigDecimal("100000000")).start()) {
            RoundTripComparison comparison = new RoundTripComparison(stub);
            try {
                for (int concurrency : CONCURRENCY) {
                    ObjectNode result = comparison.compare(concurrency, json);
                    all.set(Integer.toString(concurrency), result);
                    System.out.println(concurrency + " at a time: " + result);
                }
            } finally {
                comparison.adapter.deactivate();
                comparison.handOff.shutdownNow();
            }
        }
        json.writerWithDefaultPrettyPrinter().writeValue(output, all);
    }
}
