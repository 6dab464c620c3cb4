package io.multibroker.abtest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.bench.Results;
import io.multibroker.journal.PostgresJournalWrites;
import io.multibroker.testing.postgres.ThrowawayPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Outcomes and journal entries committed per second into one PostgreSQL (durable: fsync and synchronous commit on, as
 * shipped) by 1 and by 3 writers in one JVM (each writer is what one runtime has: its own store with its group-commit
 * thread, fed by 8 callers); then an experiment report over 10,000,000 outcomes, read from nothing (a restart) and
 * after 10,000 more. Bounded: each throughput round lasts the given seconds.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.multibroker.abtest.PostgresStoreMeasurement [seconds] [rows] [out.json]}
 * (10 s and 10,000,000 rows by default). The JSON has {@code outcomesPerSecond} and {@code journalEntriesPerSecond},
 * each by writers ("1", "3"), and under {@code report} the rows, the seconds their load took, the seconds of the report
 * read from nothing and the milliseconds of the next one.
 */
public final class PostgresStoreMeasurement {

    private static final int CALLERS_PER_WRITER = 8;
    /** Each caller keeps at most this many writes in flight, as callers waiting for their answers do. */
    private static final int IN_FLIGHT = 16;

    private PostgresStoreMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        ObjectNode result = Results.object();
        result.put("roundSeconds", seconds);
        result.put("callersPerWriter", CALLERS_PER_WRITER);
        try (ThrowawayPostgres postgres = ThrowawayPostgres.start(true)) {
            ObjectNode outcomes = result.putObject("outcomesPerSecond");
            for (int writers : new int[] {1, 3}) {
                DataSource database = postgres.dataSource(postgres.createDatabase("outcomes_" + writers));
                double rate = outcomesPerSecond(database, writers, seconds);
                outcomes.put(String.valueOf(writers), rate);
                System.out.printf("outcomes committed/s, %d writer(s): %,.0f%n", writers, rate);
            }
            ObjectNode entries = result.putObject("journalEntriesPerSecond");
            for (int writers : new int[] {1, 3}) {
                DataSource database = postgres.dataSource(postgres.createDatabase("journal_" + writers));
                double rate = journalEntriesPerSecond(database, writers, seconds);
                entries.put(String.valueOf(writers), rate);
                System.out.printf("journal entries committed/s, %d writer(s): %,.0f%n", writers, rate);
            }
            result.set("report", report(postgres.dataSource(postgres.createDatabase("report")), rows));
        }
        Results.write(args.length > 2 ? args[2] : null, result);
    }

    private static double outcomesPerSecond(DataSource database, int writers, int seconds) throws Exception {
        List<OutcomeStore> stores = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            stores.add(new OutcomeStore(database));
        }
        AtomicLong committed = new AtomicLong();
        double rate = run(writers, seconds, committed, (writer, caller, sequence) -> stores.get(writer).append(new Outcome("bench", "arm-" + caller % 2,
                false, "w" + writer + "-c" + caller + "-" + sequence, "FILLED", 5_000_000, BigDecimal.ONE, BigDecimal.ZERO, null, Instant.now())));
        for (OutcomeStore store : stores) {
            store.close();
        }
        return rate;
    }

    private static double journalEntriesPerSecond(DataSource database, int writers, int seconds) throws Exception {
        List<OrderJournal> journals = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            journals.add(PostgresJournalWrites.open(database));
        }
        AtomicLong committed = new AtomicLong();
        // an order's intent and its answer: two entries, and the order's row written twice
        double ordersPerSecond = run(writers, seconds, committed, (writer, caller, sequence) -> {
            String account = "account-" + writer;
            String clientOrderId = "w" + writer + "-c" + caller + "-" + sequence;
            UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).clientOrderId(clientOrderId).build();
            OrderJournal journal = journals.get(writer);
            return journal.intent(account, order, "direct").thenCompose(done -> journal.answer(account, "placeOrder", new OrderResult(
                    account, clientOrderId, "b-" + clientOrderId, null, "EUR_USD", OrderSide.BUY, OrderType.MARKET, OrderStatus.FILLED,
                    BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("1.08"), Instant.now(), Instant.now(), null, null)))
                    .toCompletableFuture();
        });
        for (OrderJournal journal : journals) {
            PostgresJournalWrites.close(journal);
        }
        return 2 * ordersPerSecond;
    }

    @FunctionalInterface
    private interface Write {
        CompletableFuture<Void> write(int writer, int caller, long sequence);
    }

    /** Writes from 8 callers per writer for the given seconds; the rate of completed writes over the last two thirds. */
    private static double run(int writers, int seconds, AtomicLong committed, Write write) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService callers = Executors.newFixedThreadPool(writers * CALLERS_PER_WRITER);
        for (int writer = 0; writer < writers; writer++) {
            for (int caller = 0; caller < CALLERS_PER_WRITER; caller++) {
                int w = writer;
                int c = caller;
                callers.execute(() -> {
                    long sequence = 0;
                    while (!stop.get()) {
                        List<CompletableFuture<Void>> batch = new ArrayList<>(IN_FLIGHT);
                        for (int i = 0; i < IN_FLIGHT; i++) {
                            batch.add(write.write(w, c, sequence++).thenRun(committed::incrementAndGet));
                        }
                        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
                    }
                });
            }
        }
        // the first third warms the JIT and the connections up
        TimeUnit.MILLISECONDS.sleep(seconds * 1000L / 3);
        long before = committed.get();
        long started = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(seconds * 2000L / 3);
        double rate = (committed.get() - before) / ((System.nanoTime() - started) / 1e9);
        stop.set(true);
        callers.shutdown();
        callers.awaitTermination(60, TimeUnit.SECONDS);
        return rate;
    }

    private static ObjectNode report(DataSource database, long rows) throws Exception {
        ObjectNode figures = Results.object();
        figures.put("rows", rows);
        OutcomeStore store = new OutcomeStore(database);
        long loading = System.nanoTime();
        try (Connection connection = database.getConnection(); Statement insert = connection.createStatement()) {
            insert.execute("INSERT INTO experiment_outcome (experiment, arm, override_arm, client_order_id, status, latency_ns, fill_ratio, "
                    + "slippage_pips, recorded_at) SELECT 'big', CASE WHEN i % 2 = 0 THEN 'fast' ELSE 'slow' END, FALSE, 'c-' || i, "
                    + "CASE WHEN i % 50 = 0 THEN 'REJECTED' ELSE 'FILLED' END, 4000000 + (i % 1000) * 10000 + (i % 2) * 500000, 1, "
                    + "(i % 7 - 3) / 10.0, TIMESTAMP '2026-11-30 00:00:00' + i * INTERVAL '1 millisecond' FROM generate_series(1, "
                    + rows + ") AS i");
        }
        double loaded = (System.nanoTime() - loading) / 1e9;
        figures.put("loadSeconds", loaded);
        System.out.printf("loaded %,d outcomes in %.1f s%n", rows, loaded);
        ExperimentInfo info = info();
        OutcomeStore restarted = new OutcomeStore(database);
        long cold = System.nanoTime();
        ExperimentReport first = restarted.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally));
        double coldSeconds = (System.nanoTime() - cold) / 1e9;
        figures.put("coldReportSeconds", coldSeconds);
        figures.put("ordersReported", first.arms().get(0).orders() + first.arms().get(1).orders());
        System.out.printf("report over %,d outcomes, read from nothing (after a restart): %.1f s (%d + %d orders)%n", rows,
                coldSeconds, first.arms().get(0).orders(), first.arms().get(1).orders());
        List<CompletableFuture<Void>> more = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            more.add(restarted.append(new Outcome("big", i % 2 == 0 ? "fast" : "slow", false, "more-" + i, "FILLED", 5_000_000,
                    BigDecimal.ONE, BigDecimal.ZERO, null, Instant.now())));
        }
        CompletableFuture.allOf(more.toArray(CompletableFuture[]::new)).join();
        long warm = System.nanoTime();
        restarted.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally));
        double nextMillis = (System.nanoTime() - warm) / 1e6;
        figures.put("moreOutcomes", more.size());
        figures.put("nextReportMillis", nextMillis);
        System.out.printf("the next report, after 10,000 more outcomes: %.1f ms%n", nextMillis);
        restarted.close();
        store.close();
        return figures;
    }

    private static ExperimentInfo info() {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("fast", 5000);
        arms.put("slow", 5000);
        return new ExperimentInfo("big", arms, "big", Set.of(), Set.of(), "latency", List.of(), new BigDecimal("0.05"), 1000, true,
                "fixed", true);
    }
}
