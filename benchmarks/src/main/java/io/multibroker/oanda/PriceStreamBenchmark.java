package io.multibroker.oanda;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A recorded v20 price stream (100,000 PRICE lines of three instruments and heartbeats, in 4 KiB chunks that
 * cut lines anywhere) through the adapter's line splitter and message parser to a consumer, against reading the
 * same bytes and counting their lines (the limit). Throughput is in ticks per second on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PriceStreamBenchmark {

    static final int TICKS = 100_000;

    private final List<byte[]> chunks = new ArrayList<>();

    @Setup(Level.Trial)
    public void record() {
        StringBuilder stream = new StringBuilder();
        String[] instruments = {"EUR_USD", "USD_JPY", "GBP_USD"};
        for (int i = 0; i < TICKS; i++) {
            String instrument = instruments[i % 3];
            String bid = instrument.equals("USD_JPY") ? "151." + (100 + i % 800) : "1.0" + (8000 + i % 999);
            String ask = instrument.equals("USD_JPY") ? "151." + (110 + i % 800) : "1.0" + (8010 + i % 999);
            stream.append("{\"type\":\"PRICE\",\"time\":\"2026-11-24T12:").append(String.format("%02d:%02d.%09dZ", (i / 60_000) % 60,
                    (i / 1000) % 60, (i % 1000) * 1_000_000L)).append("\",\"bids\":[{\"price\":\"").append(bid)
                    .append("\",\"liquidity\":10000000}],\"asks\":[{\"price\":\"").append(ask)
                    .append("\",\"liquidity\":10000000}],\"closeoutBid\":\"").append(bid).append("\",\"closeoutAsk\":\"").append(ask)
                    .append("\",\"status\":\"tradeable\",\"tradeable\":true,\"instrument\":\"").append(instrument).append("\"}\n");
            if (i % 20 == 19) {
                stream.append("{\"type\":\"HEARTBEAT\",\"time\":\"2026-11-24T12:00:05.000000000Z\"}\n");
            }
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < bytes.length; at += 4096) {
            chunks.add(java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 4096)));
        }
    }

    /** The limit: every byte looked at once, lines counted. */
    @Benchmark
    @OperationsPerInvocation(TICKS)
    public long readTheBytes() {
        long lines = 0;
        for (byte[] chunk : chunks) {
            for (byte b : chunk) {
                if (b == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    /** The adapter's path: lines reassembled across chunks, each parsed into a PriceTick, handed on. */
    @Benchmark
    @OperationsPerInvocation(TICKS)
    public void splitAndParse(Blackhole consumer) {
        StreamLines lines = new StreamLines();
        StreamLines.Sink sink = new StreamLines.Sink() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                try {
                    consumer.consume(PriceMessages.parse(bytes, offset, length));
                } catch (PriceMessages.Malformed e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void oversized(int length) {
                throw new IllegalStateException("oversized line");
            }
        };
        for (byte[] chunk : chunks) {
            lines.feed(ByteBuffer.wrap(chunk), sink);
        }
    }
}
