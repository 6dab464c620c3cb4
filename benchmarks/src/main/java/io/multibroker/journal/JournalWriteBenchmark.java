package io.multibroker.journal;

import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The order journal on the order path, on the default embedded H2 file (flushed per commit): an intent committed before
 * the order may leave (what every order waits for), and an order journalled whole (intent, then its answer), one and
 * eight writers at once; the single writer thread commits whatever has queued in one transaction.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JournalWriteBenchmark {

    private OrderJournal journal;
    private final AtomicLong ids = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
        journal = BenchmarkJournal.open(Files.createTempDirectory("journal-bench").resolve("journal"), account -> Optional.empty());
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        BenchmarkJournal.close(journal);
    }

    private UnifiedOrder nextOrder() {
        return UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("1000"), new BigDecimal("1.08250"))
                .clientOrderId("c-" + ids.incrementAndGet()).build();
    }

    /** What an order waits for before it is sent: its intent committed. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void intentCommitted() throws Exception {
        journal.intent("bench", nextOrder(), "direct").toCompletableFuture().get();
    }

    /** Eight orders' intents at once. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(8)
    public void intentCommittedEightAtOnce() throws Exception {
        journal.intent("bench", nextOrder(), "direct").toCompletableFuture().get();
    }

    /** Orders journalled whole (intent, then the answer ACCEPTED) per second by one writer. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void orderJournalled() throws Exception {
        journalWhole();
    }

    /** The same by eight writers at once. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(8)
    public void orderJournalledEightAtOnce() throws Exception {
        journalWhole();
    }

    private void journalWhole() throws Exception {
        UnifiedOrder order = nextOrder();
        journal.intent("bench", order, "direct").toCompletableFuture().get();
        journal.answer("bench", "placeOrder", new OrderResult("bench", order.clientOrderId(), "b-" + order.clientOrderId(), null,
                order.instrument(), order.side(), order.type(), OrderStatus.ACCEPTED, order.units(), BigDecimal.ZERO, null,
                Instant.now(), Instant.now(), null, null)).toCompletableFuture().get();
    }
}
