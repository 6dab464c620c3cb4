package io.multibroker.quality;

import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
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
 * offer to the bounded queue, while the recorder's own thread takes the queue as in the runtime (the events are
 * ACCEPTED ones, so that the consumer keeps up and the offers measured are not the cheaper refusals of a full queue).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class QualityOrderPathBenchmark {

    private ScheduledExecutorService scheduler;
    private JdbcConnectionPool pool;
    private FillRecorder recorder;
    private Thread consumer;
    private volatile boolean running;
    private OrderEvent event;

    @Setup(Level.Trial)
    public void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        Path directory = Files.createTempDirectory("quality-bench");
        pool = FillQualityStore.embedded(directory.resolve("quality").toString());
        ReferenceStreams streams = QualityBench.streams(scheduler);
        recorder = QualityBench.recorder(streams, pool, 20_000, Instant.now());
        event = QualityBench.filled("c-1", Instant.now()).withKind(OrderEventKind.ACCEPTED, null);
        running = true;
        consumer = new Thread(() -> {
            while (running) {
                recorder.drain();
            }
        }, "bench-quality-recorder");
        consumer.setDaemon(true);
        consumer.start();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        running = false;
        consumer.join();
        scheduler.shutdownNow();
        pool.dispose();
        if (recorder.dropped() > 0) {
            System.out.println("dropped: " + recorder.dropped());
        }
    }

    @Benchmark
    public boolean offer() {
        return recorder.offer(event);
    }
}
