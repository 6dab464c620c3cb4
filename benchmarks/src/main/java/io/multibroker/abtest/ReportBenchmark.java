package io.multibroker.abtest;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/** The report of a two-arm experiment over 100,000 and 1,000,000 recorded outcomes (already in memory). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ReportBenchmark {

    @Param({"100000", "1000000"})
    int outcomes;

    private ExperimentInfo info;
    private List<Outcome> recorded;

    @Setup(Level.Trial)
    public void record() {
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
    }

    @Benchmark
    public ExperimentReport report() {
        return ExperimentAnalysis.analyse(info, recorded);
    }
}
