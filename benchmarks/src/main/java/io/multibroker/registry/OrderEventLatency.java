package io.multibroker.registry;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.bench.Results;
import io.multibroker.journal.BenchmarkJournal;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * How long an order event takes from the adapter's hands (the broker's answer, parsed) to a subscriber of the account's
 * events through the registry, which journals it on the way (the embedded H2 journal), against the same subscriber on
 * the adapter's own stream. Events are paced one every 200 µs, so that the figures are latencies, not queueing.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.multibroker.registry.OrderEventLatency [out.json]</pre>
 *
 * <p>The JSON has {@code direct} and {@code registry}, each with its percentiles in µs ({@link Results#latencyMicros}),
 * and the events paced, the pace and the journal entries written.
 */
public final class OrderEventLatency {

    private static final int WARMUP = 20_000;
    private static final int EVENTS = 50_000;
    private static final long PACE_NANOS = 200_000;
    private static final String DIRECT = "direct";
    private static final String REGISTRY = "registry";

    private OrderEventLatency() {
    }

    public static void main(String[] args) throws Exception {
        EventingNoOpAdapter adapter = new EventingNoOpAdapter("events-0");
        OrderJournal journal = BenchmarkJournal.open(Files.createTempDirectory("event-latency").resolve("journal"), id -> Optional.empty());
        BrokerRegistryImpl registry = BenchmarkRegistry.withAccounts(0, i -> adapter);
        registry.useOrderJournal(journal);
        registry.addAdapter(1, adapter, true);
        await().until(() -> registry.account("events-0").map(a -> a.health().status().routable()).orElse(false));
        BrokerAccount account = registry.account("events-0").orElseThrow();

        // the events are of orders the journal has (as they would be): their intents written first
        List<CompletableFuture<Void>> intents = new ArrayList<>();
        for (String name : List.of(DIRECT, REGISTRY)) {
            for (int i = 0; i < WARMUP + EVENTS; i++) {
                String id = name + "-" + i;
                intents.add(journal.intent("events-0", UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN,
                        new BigDecimal("1.08250")).clientOrderId("c-" + id).build(), "direct").toCompletableFuture());
            }
        }
        CompletableFuture.allOf(intents.toArray(CompletableFuture[]::new)).get();
        Histogram direct = measure(adapter, adapter.orderEvents(), DIRECT);
        Histogram throughRegistry = measure(adapter, account.adapter().orderEvents(), REGISTRY);
        System.out.println("| path | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |");
        System.out.println("|---|---|---|---|---|---|");
        print("adapter's own stream", direct);
        print("registry: journalled, to the account's subscriber", throughRegistry);
        long entries = BenchmarkJournal.entryCount(journal);
        System.out.println("journal entries written: " + entries);
        ObjectNode result = Results.object();
        result.put("events", EVENTS);
        result.put("warmUpEvents", WARMUP);
        result.put("paceMicros", PACE_NANOS / 1e3);
        result.put("journalEntries", entries);
        result.set(DIRECT, Results.latencyMicros(direct));
        result.set(REGISTRY, Results.latencyMicros(throughRegistry));
        Results.write(args.length > 0 ? args[0] : null, result);
        BenchmarkRegistry.stop(registry);
        BenchmarkJournal.close(journal);
        System.exit(0);
    }

    private static void print(String path, Histogram histogram) {
        System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n", path, histogram.getValueAtPercentile(50) / 1e3,
                histogram.getValueAtPercentile(90) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
    }

    private static Histogram measure(EventingNoOpAdapter adapter, Flow.Publisher<OrderEvent> events, String name) throws Exception {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        CountDownLatch received = new CountDownLatch(WARMUP + EVENTS);
        int[] seen = new int[1];
        events.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OrderEvent event) {
                long now = System.nanoTime();
                Long sent = event.brokerEventId() == null ? null : sentAt.remove(event.brokerEventId());
                if (sent != null && seen[0]++ >= WARMUP) {
                    histogram.recordValue(now - sent);
                }
                if (sent != null) {
                    received.countDown();
                }
            }

            @Override
            public void onError(Throwable failure) {
                failure.printStackTrace();
            }

            @Override
            public void onComplete() {
                subscription = null;
            }
        });
        await().until(() -> adapter.subscriberCount() > 0);
        long next = System.nanoTime();
        for (int i = 0; i < WARMUP + EVENTS; i++) {
            String id = name + "-" + i;
            OrderEvent event = new OrderEvent("events-0", OrderEventKind.FILLED, "c-" + id, "b-" + id, "EUR_USD", OrderSide.BUY,
                    OrderStatus.FILLED, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, new BigDecimal("1.08250"), new BigDecimal("1.08250"),
                    null, id, null, Instant.now());
            sentAt.put(id, System.nanoTime());
            adapter.publish(event);
            next += PACE_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        if (!received.await(60, TimeUnit.SECONDS)) {
            System.out.println(name + ": " + received.getCount() + " events not received");
        }
        return histogram;
    }
}
