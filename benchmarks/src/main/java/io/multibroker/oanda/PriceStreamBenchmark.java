package io.multibroker.oanda;

import com.google.gson.Gson;
import com.oanda.v20.Context;
import com.oanda.v20.pricing.ClientPrice;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * same bytes and counting their lines (the limit), and against OANDA's own Java client's models (v20-java 3.0.25: its
 * Gson with its type adapters, into {@code ClientPrice}, prices read as BigDecimal as the adapter does). Throughput is
 * in ticks per second on one thread.
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
    /** v20-java's own Gson, configured by its Context (the field is protected: read through a subclass). */
    private final Gson v20Gson = new V20Gson().gson();

    /** Only to reach the Gson that v20-java's Context builds with its adapters for its primitive types. */
    private static final class V20Gson extends Context {
        V20Gson() {
            super("http://127.0.0.1:1", "t");
        }

        Gson gson() {
            return gson;
        }
    }

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
            chunks.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 4096)));
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

    /**
     * OANDA's own client's way: each line (reassembled by the same splitter) decoded to a String and read by v20-java's
     * Gson into its {@code ClientPrice}; for a price, its time, best bid and best ask as BigDecimal, as a tick has them.
     */
    @Benchmark
    @OperationsPerInvocation(TICKS)
    public void v20JavaGson(Blackhole consumer) {
        StreamLines lines = new StreamLines();
        StreamLines.Sink sink = new StreamLines.Sink() {
            @Override
            public void line(byte[] bytes, int offset, int length) {
                ClientPrice price = v20Gson.fromJson(new String(bytes, offset, length, StandardCharsets.UTF_8), ClientPrice.class);
                if ("PRICE".equals(price.getType())) {
                    consumer.consume(price.getInstrument());
                    consumer.consume(price.getTime());
                    consumer.consume(price.getBids().get(0).getPrice().bigDecimalValue());
                    consumer.consume(price.getAsks().get(0).getPrice().bigDecimalValue());
                } else {
                    consumer.consume(price);
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
