package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeStoreTest {

    @TempDir
    Path directory;

    @Test
    void outcomesAreCommittedToTheFileAndReadBackByAFreshStore() throws Exception {
        String path = directory.resolve("outcomes").toString();
        OutcomeStore store = new OutcomeStore(OutcomeStore.embedded(path));
        Instant at = Instant.parse("2026-11-24T12:00:00Z");
        store.record(new Outcome("demo", "paper-fast", false, "c-1", "FILLED", 8_000_000, new BigDecimal("1.000000"),
                new BigDecimal("0.200000"), null, at));
        store.record(new Outcome("demo", "paper-slow", false, "c-2", "REJECTED", 41_000_000, BigDecimal.ZERO.setScale(6), null,
                "MARKET_CLOSED", at));
        store.record(new Outcome("demo", "paper-fast", true, "c-3", "FILLED", 9_000_000, new BigDecimal("1.000000"), null, null, at));

        // a new store on the same file, as after a restart
        OutcomeStore reopened = new OutcomeStore(OutcomeStore.embedded(path));
        List<Outcome> all = reopened.outcomes("demo");
        assertEquals(3, all.size());
        assertEquals("MARKET_CLOSED", all.get(1).errorCode());
        assertNull(all.get(1).slippagePips());
        assertEquals(new BigDecimal("0.200000"), all.get(0).slippagePips());
        assertEquals(at, all.get(0).recordedAt());
        assertEquals(Map.of("paper-fast", 1L, "paper-slow", 1L), reopened.countsByArm("demo", false));
        assertEquals(Map.of("paper-fast", 1L), reopened.countsByArm("demo", true));
    }

    private static Outcome outcome(String experiment, String arm, int i, long latencyNanos) {
        return new Outcome(experiment, arm, false, arm + "-" + i, i % 10 == 0 ? "REJECTED" : "FILLED", latencyNanos,
                i % 10 == 0 ? BigDecimal.ZERO : BigDecimal.ONE, BigDecimal.valueOf(i % 7 - 3, 1), null,
                Instant.parse("2026-11-24T12:00:00Z").plusMillis(i));
    }

    /** Eight threads write at once: every outcome is committed once, and ids follow the order of the commits. */
    @Test
    void concurrentOutcomesAreAllCommittedOnceByTheSingleWriter() throws Exception {
        OutcomeStore store = new OutcomeStore(OutcomeStore.embedded(directory.resolve("concurrent").toString()));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        store.record(outcome("c", "arm-" + thread, i, 1_000_000));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        List<Long> ids = new ArrayList<>();
        Set<String> clientIds = new HashSet<>();
        store.read("c", 0, (id, o) -> {
            ids.add(id);
            clientIds.add(o.clientOrderId());
        });
        assertEquals(2_000, ids.size());
        assertEquals(2_000, clientIds.size());
        for (int i = 1; i < ids.size(); i++) {
            Assertions.assertTrue(ids.get(i) > ids.get(i - 1), "ids ascend");
        }
        store.close();
    }

    /** An outcome the database refuses fails alone: the others queued with it are committed. */
    @Test
    void aRefusedOutcomeFailsAloneAndItsBatchIsKept() throws Exception {
        OutcomeStore store = new OutcomeStore(OutcomeStore.embedded(directory.resolve("refused").toString()));
        List<CompletableFuture<Void>> good = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            good.add(store.append(outcome("r", "a", i, 1_000_000)));
        }
        CompletableFuture<Void> bad = store.append(outcome("r", "x".repeat(100), 0, 1_000_000));
        for (int i = 50; i < 100; i++) {
            good.add(store.append(outcome("r", "a", i, 1_000_000)));
        }
        ExecutionException refused = Assertions.assertThrows(
                ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
        Assertions.assertTrue(refused.getCause() instanceof SQLException, refused.getCause().toString());
        for (CompletableFuture<Void> committed : good) {
            committed.get(30, TimeUnit.SECONDS);
        }
        assertEquals(100, store.count("r"));
        store.close();
    }

    /** Closing commits what was queued before it; what comes after is refused, not lost in a queue. */
    @Test
    void closingCommitsTheQueueAndRefusesWhatComesAfter() throws Exception {
        String path = directory.resolve("closing").toString();
        OutcomeStore store = new OutcomeStore(OutcomeStore.embedded(path));
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            queued.add(store.append(outcome("q", "a", i, 1_000_000)));
        }
        store.close();
        for (CompletableFuture<Void> committed : queued) {
            Assertions.assertTrue(committed.isDone() && !committed.isCompletedExceptionally());
        }
        ExecutionException late = Assertions.assertThrows(
                ExecutionException.class, () -> store.append(outcome("q", "a", 0, 1)).get());
        assertEquals("the experiment outcome store is closed", late.getCause().getMessage());
        assertEquals(300, new OutcomeStore(OutcomeStore.embedded(path)).count("q"));
    }

    private static ExperimentInfo info(boolean promoted) {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("slow", promoted ? 0 : 5000);
        arms.put("fast", promoted ? 10_000 : 5000);
        Map<String, Integer> before = new LinkedHashMap<>();
        before.put("slow", 5000);
        before.put("fast", 5000);
        return promoted
                ? new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), "latency",
                        List.of(), new BigDecimal("0.05"), 100, true, "fixed", true, 1000, "fast",
                        Instant.parse("2026-11-24T12:00:00Z").plusMillis(399), before)
                : new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), "latency",
                        List.of(), new BigDecimal("0.05"), 100, true, "fixed", true);
    }

    /**
     * A report reads only the outcomes written since the last one and comes out as a report built from every
     * outcome by a fresh store (after a restart); a promotion rebuilds it from the outcomes up to the promotion.
     */
    @Test
    void reportsFoldInOnlyNewOutcomesAndMatchAFreshReading() throws Exception {
        String path = directory.resolve("tally").toString();
        OutcomeStore store = new OutcomeStore(OutcomeStore.embedded(path));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 400; i++) {
            String arm = i % 2 == 0 ? "slow" : "fast";
            store.record(outcome("t", arm, i, (long) ((arm.equals("fast") ? 8e6 : 9e6) * Math.exp(0.4 * random.nextGaussian()))));
        }
        long seen = store.withTally(info(false), OutcomeTally::position);
        for (int i = 400; i < 600; i++) {
            String arm = i % 2 == 0 ? "slow" : "fast";
            store.record(outcome("t", arm, i, (long) ((arm.equals("fast") ? 8e6 : 9e6) * Math.exp(0.4 * random.nextGaussian()))));
        }
        List<Long> newRows = new ArrayList<>();
        store.read("t", seen, (id, o) -> newRows.add(id));
        assertEquals(200, newRows.size(), "the catch-up reads what came after the last report");
        ExperimentReport caughtUp = store.withTally(info(false), tally -> ExperimentAnalysis.analyse(info(false), tally));
        ExperimentReport fresh = new OutcomeStore(OutcomeStore.embedded(path))
                .withTally(info(false), tally -> ExperimentAnalysis.analyse(info(false), tally));
        assertEquals(fresh, caughtUp);
        assertEquals(300, caughtUp.arms().get(1).orders());
        assertEquals(ExperimentAnalysis.analyse(info(false), store.outcomes("t")), caughtUp, "the same as from the list of outcomes");

        ExperimentReport promoted = store.withTally(info(true), tally -> ExperimentAnalysis.analyse(info(true), tally));
        assertEquals(200, promoted.arms().get(1).orders(), "only the outcomes up to the promotion are evidence");
        assertEquals(store.countsByArm("t", false), store.withTally(info(true), tally -> tally.recorded(false)),
                "the recorded counts are every row's, promotion or not");
        assertEquals(Map.of("fast", 300L, "slow", 300L), store.withTally(info(false), tally -> tally.recorded(false)));
        store.close();
    }

    /** Reading goes on page after page: every row once, in order, across the page boundary. */
    @Test
    void readingCrossesPagesWithoutLosingOrRepeatingARow() throws Exception {
        OutcomeStore store = new OutcomeStore(OutcomeStore.embedded(directory.resolve("pages").toString()));
        CompletableFuture<Void> last = null;
        for (int i = 0; i < OutcomeStore.PAGE + 5; i++) {
            last = store.append(outcome("p", i % 2 == 0 ? "slow" : "fast", i, 1_000_000 + i));
        }
        last.get(60, TimeUnit.SECONDS);
        List<Long> latencies = new ArrayList<>();
        store.read("p", 0, (id, o) -> latencies.add(o.latencyNanos()));
        assertEquals(OutcomeStore.PAGE + 5, latencies.size());
        for (int i = 0; i < latencies.size(); i++) {
            assertEquals(1_000_000 + i, latencies.get(i));
        }
        store.close();
    }

    /** An Error while writing (a bundle refreshed under it, say) answers the outcomes it hit; the writer goes on. */
    @Test
    void anErrorWhileWritingAnswersTheOutcomeAndTheWriterGoesOn() throws Exception {
        DataSource h2 = OutcomeStore.embedded(directory.resolve("error").toString());
        AtomicBoolean broken = new AtomicBoolean();
        DataSource failing = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getConnection") && broken.getAndSet(false)) {
                        throw new NoClassDefFoundError("org/h2/Driver (the bundle was refreshed)");
                    }
                    try {
                        return method.invoke(h2, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        OutcomeStore store = new OutcomeStore(failing);
        broken.set(true);
        ExecutionException failed = Assertions.assertThrows(
                ExecutionException.class,
                () -> store.append(outcome("e", "a", 1, 1_000_000)).get(30, TimeUnit.SECONDS));
        Assertions.assertTrue(failed.getCause() instanceof NoClassDefFoundError, failed.getCause().toString());
        store.append(outcome("e", "a", 2, 1_000_000)).get(30, TimeUnit.SECONDS);
        assertEquals(1, store.count("e"));
        store.close();
    }
}
