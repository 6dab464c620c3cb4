package io.multibroker.quality;

import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What execution quality adds where an order event is delivered: {@link FillRecorder#offer}, a check and a non-blocking
 * offer to the bounded queue. The recorder's thread takes the queue every 100 ms, so an offer almost never meets it:
 * measured here in batches of 100,000 offers into a queue with room for them (a new recorder each iteration), the score
 * being the time of a whole batch (divide by 100,000 for one offer). The fill's own work happens later, on the
 * recorder's thread: {@link QualityRecordingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20, batchSize = QualityOrderPathBenchmark.BATCH)
@Measurement(iterations = 40, batchSize = QualityOrderPathBenchmark.BATCH)
@Fork(1)
public class QualityOrderPathBenchmark {

    static final int BATCH = 100_000;

    private ScheduledExecutorService scheduler;
    private DataSource pool;
    private ReferenceStreams streams;
    private FillRecorder recorder;
    private OrderEvent event;

    @Setup(Level.Trial)
    public void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        Path directory = Files.createTempDirectory("quality-bench");
        pool = EmbeddedDatabase.open(directory.resolve("quality").toString());
        streams = QualityBench.streams(scheduler);
        event = QualityBench.filled("c-1", Instant.now()).withKind(OrderEventKind.ACCEPTED, null);
    }

    @Setup(Level.Iteration)
    public void emptyQueue() {
        recorder = QualityBench.recorder(streams, pool, BATCH, Instant.now());
    }

    @TearDown(Level.Iteration)
    public void nothingDropped() {
        if (recorder.dropped() > 0) {
            throw new IllegalStateException(recorder.dropped() + " offers were refused: the batch measured the full queue");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        scheduler.shutdownNow();
        EmbeddedDatabase.close(pool);
    }

    @Benchmark
    public boolean offer() {
        return recorder.offer(event);
    }
}
