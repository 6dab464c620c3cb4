package io.multibroker.oanda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.bench.TakingTurns;
import io.multibroker.oanda.stub.OandaStub;
import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OANDA market orders against the loopback stand-in, 1, 8 and 64 at a time: through the adapter, as plain
 * HttpClient POSTs of the same body sent by the waiting thread itself (the limit), and as plain POSTs handed to
 * another thread and awaited (what any asynchronous API pays). The sides take turns in half-second slices
 * ({@link TakingTurns}). The stand-in runs in the same JVM, so all sides share the two cores with it; the adapter's
 * client-side rate limit is lifted for the run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.multibroker.oanda.RoundTripComparison OUTPUT.json}; the system property
 * {@code concurrency} (for example {@code -Dconcurrency=1,8}) picks the levels.
 */
public final class RoundTripComparison {

    private static final String ACCOUNT = "101-001-0000001-001";
    /** The plain sides' account: in the adapter's, its transaction stream would read their orders too, during their turns. */
    private static final String PLAIN_ACCOUNT = "101-001-0000001-002";

    private final OandaBrokerAdapter adapter;
    private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI orders;
    private final ExecutorService handOff = Executors.newCachedThreadPool(r -> TakingTurns.daemon(r, "hand-off"));

    private RoundTripComparison(OandaStub stub) throws Exception {
        URI base = URI.create(stub.baseUrl());
        adapter = new OandaBrokerAdapter(new OandaBrokerAdapter.Settings("bench", ACCOUNT, new OandaBrokerAdapter.Endpoints(base, base), "t",
                Duration.ofSeconds(10), Duration.ofSeconds(10), 1_000_000, 2, Set.of(), Duration.ofHours(1)));
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        orders = URI.create(stub.baseUrl() + "/v3/accounts/" + PLAIN_ACCOUNT + "/orders");
    }

    /** The three sides, in the order they take their turns; {@code plain} is the baseline. */
    private Map<String, TakingTurns.Side> sides() {
        Map<String, TakingTurns.Side> sides = new LinkedHashMap<>();
        sides.put("adapter", buy -> adapter.placeOrder(UnifiedOrder.market("EUR_USD", buy ? OrderSide.BUY : OrderSide.SELL, BigDecimal.ONE)
                .build()).toCompletableFuture().join().status() == OrderStatus.FILLED);
        sides.put("plain", buy -> plainOrder(buy) == 201);
        sides.put("plain_handed_off", buy -> CompletableFuture.supplyAsync(() -> {
            try {
                return plainOrder(buy);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, handOff).join() == 201);
        return sides;
    }

    /**
     * The request the adapter sends for the same order: the same body, client order id included (the stand-in
     * keeps and echoes it, as OANDA does), and the same headers; only the adapter's request timeout is left out.
     */
    private int plainOrder(boolean buy) throws Exception {
        String body = "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"" + (buy ? "1" : "-1")
                + "\",\"timeInForce\":\"FOK\",\"positionFill\":\"DEFAULT\",\"clientExtensions\":{\"id\":\""
                + UUID.randomUUID() + "\"}}}";
        HttpRequest request = HttpRequest.newBuilder(orders).header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .header("Accept-Datetime-Format", "RFC3339").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return plain.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    }

    public static void main(String[] args) throws Exception {
        File output = new File(args.length > 0 ? args[0] : "roundtrips.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode all = json.createObjectNode();
        try (OandaStub stub = OandaStub.builder().account(ACCOUNT).account(PLAIN_ACCOUNT).token("t").balance(new BigDecimal("100000000")).start()) {
            RoundTripComparison comparison = new RoundTripComparison(stub);
            try {
                for (int concurrency : TakingTurns.concurrency()) {
                    ObjectNode result = TakingTurns.compare(comparison.sides(), "plain", concurrency, json);
                    all.set(Integer.toString(concurrency), result);
                    System.out.println(concurrency + " at a time: " + result);
                }
            } finally {
                comparison.adapter.deactivate();
                comparison.handOff.shutdownNow();
            }
        }
        json.writerWithDefaultPrettyPrinter().writeValue(output, all);
    }
}
