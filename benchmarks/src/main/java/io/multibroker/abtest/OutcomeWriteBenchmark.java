package io.multibroker.abtest;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Experiment outcomes committed to the default embedded H2 file (flushed per commit): the durable part of an experiment order. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class OutcomeWriteBenchmark {

    private OutcomeStore store;
    private final Outcome outcome = new Outcome("bench", "acc-0", false, "c-1", "FILLED", 8_000_000, BigDecimal.ONE, null, null, Instant.now());

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path directory = Files.createTempDirectory("outcome-bench");
        store = new OutcomeStore(OutcomeStore.embedded(directory.resolve("outcomes").toString()));
    }

    @Benchmark
    public void recordOne() throws Exception {
        store.record(outcome);
    }

    /** Eight routers' threads recording at once: the single writer commits what has queued in one transaction. */
    @Benchmark
    @Threads(8)
    public void recordEightAtOnce() throws Exception {
        store.record(outcome);
    }
}
