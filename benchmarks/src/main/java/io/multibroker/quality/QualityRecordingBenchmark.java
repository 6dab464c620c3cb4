package io.multibroker.quality;

import io.multibroker.storage.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recorder's own thread, off the order path: a batch of 100 fills (as 100 ms of a busy runtime would queue) looked up,
 * measured against the reference quote, committed to the embedded H2 file in one transaction; per fill. What it can keep
 * up with, against the 167 fills a second of 10,000 orders a minute.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class QualityRecordingBenchmark {

    private static final int BATCH = 100;

    private ScheduledExecutorService scheduler;
    private DataSource pool;
    private FillRecorder recorder;
    private long next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        Path directory = Files.createTempDirectory("quality-bench");
        pool = EmbeddedDatabase.open(directory.resolve("quality").toString());
        ReferenceStreams streams = QualityBench.streams(scheduler);
        Instant now = Instant.now();
        QualityBench.quote(streams.history("bench", "EUR_USD"), now);
        recorder = QualityBench.recorder(streams, pool, 100_000, now.minusMillis(100));
    }

    @TearDown(Level.Trial)
    public void stop() {
        scheduler.shutdownNow();
        EmbeddedDatabase.close(pool);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int recordAHundredFills() {
        Instant now = Instant.now();
        for (int i = 0; i < BATCH; i++) {
            recorder.offer(QualityBench.filled("c-" + next++, now));
        }
        recorder.drain();
        return recorder.pendingFills();
    }
}
