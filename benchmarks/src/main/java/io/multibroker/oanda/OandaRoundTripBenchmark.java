package io.multibroker.oanda;

import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.oanda.stub.OandaStub;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Market orders against the loopback stand-in, 1, 8 and 64 at a time (JMH threads): through the adapter, and
 * as plain HttpClient POSTs of the same body (the limit). Sample time gives each order's latency percentiles;
 * orders per second are threads over the mean time. The adapter's client-side rate limit is lifted for the run,
 * so that the comparison is of the code path, not of the limit. Buys and sells alternate, so that the stand-in's
 * netting keeps its open trades few.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class OandaRoundTripBenchmark {

    private static final String ACCOUNT = "101-001-0000001-001";
    private OandaStub stub;
    private OandaBrokerAdapter adapter;
    private HttpClient plain;
    private URI orders;

    /** Each thread's own alternation of buys and sells. */
    @State(Scope.Thread)
    public static class Side {
        boolean buy;

        String next() {
            buy = !buy;
            return buy ? "1" : "-1";
        }
    }

    @Setup(Level.Trial)
    public void start() throws Exception {
        stub = OandaStub.builder().account(ACCOUNT).token("t").balance(new BigDecimal("100000000")).start();
        URI base = URI.create(stub.baseUrl());
        adapter = new OandaBrokerAdapter(new OandaBrokerAdapter.Settings("bench", ACCOUNT, new OandaBrokerAdapter.Endpoints(base, base), "t",
                Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000_000, 2, Set.of(), Duration.ofHours(1)));
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        orders = URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT + "/orders");
    }

    @TearDown(Level.Trial)
    public void stop() {
        adapter.deactivate();
        stub.close();
    }

    private OrderResult adapterOrder(Side side) {
        OrderSide direction = side.next().equals("1") ? OrderSide.BUY : OrderSide.SELL;
        return adapter.placeOrder(UnifiedOrder.market("EUR_USD", direction, BigDecimal.ONE).build()).toCompletableFuture().join();
    }

    private int plainOrder(Side side) throws Exception {
        String body = "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"" + side.next()
                + "\",\"timeInForce\":\"FOK\",\"positionFill\":\"DEFAULT\"}}";
        HttpRequest request = HttpRequest.newBuilder(orders).header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return plain.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    }

    @Benchmark
    @Threads(1)
    public OrderResult adapterConcurrency1(Side side) {
        return adapterOrder(side);
    }

    @Benchmark
    @Threads(1)
    public int plainConcurrency1(Side side) throws Exception {
        return plainOrder(side);
    }

    /** The plain request sent asynchronously, as the adapter sends it: how much of the difference is the async client. */
    @Benchmark
    @Threads(1)
    public int plainAsyncConcurrency1(Side side) {
        String body = "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"" + side.next()
                + "\",\"timeInForce\":\"FOK\",\"positionFill\":\"DEFAULT\"}}";
        HttpRequest request = HttpRequest.newBuilder(orders).header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return plain.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).join().statusCode();
    }

    @Benchmark
    @Threads(8)
    public OrderResult adapterConcurrency8(Side side) {
        return adapterOrder(side);
    }

    @Benchmark
    @Threads(8)
    public int plainConcurrency8(Side side) throws Exception {
        return plainOrder(side);
    }

    @Benchmark
    @Threads(64)
    public OrderResult adapterConcurrency64(Side side) {
        return adapterOrder(side);
    }

    @Benchmark
    @Threads(64)
    public int plainConcurrency64(Side side) throws Exception {
        return plainOrder(side);
    }
}
