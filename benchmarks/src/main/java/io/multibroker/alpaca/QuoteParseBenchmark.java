package io.multibroker.alpaca;

import io.multibroker.api.model.PriceTick;
import io.multibroker.api.support.PriceFanout;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Recorded Alpaca market-data messages (30,000 quotes of AAPL, SPY and BTC/USD, ten to a message, as Alpaca batches
 * them, in its field order and number format) through the adapter's parser ({@code MarketDataStream.parse}: the JSON
 * read, each quote's decimals and time, the canonical id, the order check) into PriceTicks, against reading the same
 * characters and counting the quotes (the limit). Throughput is in quotes per second on one thread; with {@code -prof gc}
 * the allocation per operation is the bytes allocated per quote. The messages' own size per quote is printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QuoteParseBenchmark {

    static final int QUOTES = 30_000;
    private static final int PER_MESSAGE = 10;

    private final List<String> messages = new ArrayList<>();
    private HttpClient http;
    private ScheduledExecutorService scheduler;
    private PriceFanout fanout;

    @Setup(Level.Trial)
    public void record() {
        String[] symbols = {"AAPL", "SPY", "BTC/USD"};
        Instant start = Instant.parse("2026-11-24T15:00:00Z");
        StringBuilder message = new StringBuilder("[");
        long bytes = 0;
        for (int i = 0; i < QUOTES; i++) {
            String symbol = symbols[i % 3];
            boolean crypto = symbol.contains("/");
            String bid = crypto ? Integer.toString(60000 + i % 500) : "190." + String.format("%02d", i % 100);
            String ask = crypto ? Integer.toString(60004 + i % 500) : "190." + String.format("%02d", (i + 2) % 100);
            if (message.length() > 1) {
                message.append(',');
            }
            message.append("{\"T\":\"q\",\"S\":\"").append(symbol).append("\",\"bx\":\"V\",\"bp\":").append(bid)
                    .append(",\"bs\":3,\"ax\":\"V\",\"ap\":").append(ask).append(",\"as\":2,\"t\":\"")
                    .append(start.plusNanos(1_000_000L * i + 123_456L)).append("\",\"c\":[\"R\"],\"z\":\"C\"}");
            if (i % PER_MESSAGE == PER_MESSAGE - 1) {
                String text = message.append(']').toString();
                messages.add(text);
                bytes += text.getBytes(StandardCharsets.UTF_8).length;
                message = new StringBuilder("[");
            }
        }
        System.out.printf("%n%d messages, %.1f bytes a quote on the wire%n", messages.size(), (double) bytes / QUOTES);
        http = HttpClient.newHttpClient();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        fanout = new PriceFanout(scheduler, 16);
    }

    @TearDown(Level.Trial)
    public void stop() {
        scheduler.shutdownNow();
    }

    /** The limit: every character looked at once, the quotes counted. */
    @Benchmark
    @OperationsPerInvocation(QUOTES)
    public long readTheCharacters() {
        long quotes = 0;
        for (String text : messages) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == 'T' && i + 4 < text.length() && text.charAt(i + 4) == 'q') {
                    quotes++;
                }
            }
        }
        return quotes;
    }

    /**
     * The adapter's path: each message parsed into its quotes. A new stream per pass (its constructor only builds objects),
     * because a stream drops a quote older than the last one of its instrument, and every pass replays the same times.
     */
    @Benchmark
    @OperationsPerInvocation(QUOTES)
    public void parse(Blackhole consumer) {
        MarketDataStream stream = new MarketDataStream(http, URI.create("ws://127.0.0.1:1/v2/iex"), "k", "s", Duration.ofSeconds(30),
                scheduler, fanout, "bench", symbol -> symbol.contains("/"));
        for (String text : messages) {
            for (PriceTick tick : stream.parse(text)) {
                consumer.consume(tick);
            }
        }
    }
}
