package io.multibroker.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.oanda.stub.OandaStub;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The adapter's own work on a market order, without the network: the request body (tree and bytes), and the
 * stand-in's real 201 answer (recorded once at setup) parsed and translated into an order result. What the round
 * trip comparison cannot separate from the hand-offs and the stand-in's share of the CPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class OrderCodecBenchmark {

    private static final String ACCOUNT = "101-001-0000001-001";
    private final OrderTranslator translator = new OrderTranslator("bench");
    private final UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).build();
    private byte[] answer;

    @Setup
    public void record() throws Exception {
        try (OandaStub stub = OandaStub.builder().account(ACCOUNT).token("t").balance(new BigDecimal("100000000")).start()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT + "/orders"))
                    .header("Authorization", "Bearer t").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(V20Client.JSON.writeValueAsBytes(translator.request(order)))).build();
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("the stand-in answered " + response.statusCode());
            }
            answer = response.body();
        }
    }

    @Benchmark
    public byte[] requestBody() throws Exception {
        return V20Client.JSON.writeValueAsBytes(translator.request(order));
    }

    @Benchmark
    public JsonNode parseAnswer() throws Exception {
        return V20Client.JSON.readTree(answer);
    }

    @Benchmark
    public OrderResult parseAndTranslateAnswer() throws Exception {
        return translator.created(order, V20Client.JSON.readTree(answer), Instant.EPOCH);
    }
}
