package io.multibroker.abtest;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The report of a two-arm experiment over 100,000 and 1,000,000 recorded outcomes.
 *
 * <ul>
 * <li>{@code report}: what {@code abtest:report} does while the runtime runs: bring the experiment's tally up
 * to date from the embedded H2 store (no new rows here) and compute the report from it.
 * <li>{@code firstReportAfterStart}: the first report after a restart, which folds every stored row into a new
 * tally (one shot per iteration, a new store each time).
 * <li>{@code foldAndAnalyse}: the statistics alone, folding outcomes already in memory.
 * </ul>
 * The H2 files are kept under benchmarks/target and reused by later runs with the same number of outcomes.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ReportBenchmark {

    @Param({"100000", "1000000"})
    int outcomes;

    private ExperimentInfo info;
    private List<Outcome> recorded;
    private Path database;
    private OutcomeStore store;
    private OutcomeStore restarted;

    @Setup(Level.Trial)
    public void record() throws Exception {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("slow", 5000);
        arms.put("fast", 5000);
        info = new ExperimentInfo("bench", arms, "bench", Set.of(), Set.of(), "latency", List.of("reject_rate"), new BigDecimal("0.05"),
                outcomes / 2, false, "fixed", true);
        SplittableRandom random = new SplittableRandom(7);
        recorded = new ArrayList<>(outcomes);
        Instant at = Instant.parse("2026-11-24T12:00:00Z");
        for (int i = 0; i < outcomes; i++) {
            String arm = i % 2 == 0 ? "slow" : "fast";
            long nanos = (long) ((arm.equals("fast") ? 8 : 9) * Math.exp(0.4 * random.nextGaussian()) * 1e6);
            boolean rejected = random.nextDouble() < 0.01;
            recorded.add(new Outcome("bench", arm, false, "c-" + i, rejected ? "REJECTED" : "FILLED", nanos,
                    rejected ? BigDecimal.ZERO : BigDecimal.ONE, null, rejected ? "MARKET_CLOSED" : null, at));
        }
        Path directory = Path.of(System.getProperty("user.dir"), "benchmarks", "target");
        Files.createDirectories(directory);
        database = directory.resolve("report-outcomes-" + outcomes);
        store = new OutcomeStore(OutcomeStore.embedded(database.toString()));
        if (store.count("bench") != outcomes) {
            store.close();
            Files.deleteIfExists(Path.of(database + ".mv.db"));
            store = new OutcomeStore(OutcomeStore.embedded(database.toString()));
            for (int from = 0; from < outcomes; from += 10_000) {
                CompletableFuture<Void> last = null;
                for (Outcome outcome : recorded.subList(from, Math.min(outcomes, from + 10_000))) {
                    last = store.append(outcome);
                }
                last.get(5, TimeUnit.MINUTES);
            }
        }
        // the running store has read everything once already
        store.withTally(info, tally -> null);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public ExperimentReport report() throws Exception {
        return store.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally));
    }

    @Setup(Level.Iteration)
    public void restart() {
        restarted = new OutcomeStore(OutcomeStore.embedded(database.toString()));
    }

    @TearDown(Level.Iteration)
    public void stop() throws Exception {
        restarted.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public ExperimentReport firstReportAfterStart() throws Exception {
        return restarted.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 2)
    public ExperimentReport foldAndAnalyse() {
        return ExperimentAnalysis.analyse(info, recorded);
    }
}
