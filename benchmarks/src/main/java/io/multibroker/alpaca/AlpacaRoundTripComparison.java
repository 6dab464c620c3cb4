package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.alpaca.stub.AlpacaStub;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.bench.TakingTurns;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Alpaca market orders against the loopback stand-in, 1, 8 and 64 at a time, taking turns in half-second slices
 * ({@link TakingTurns}) with what plain JDK code does for the same order:
 * <ul>
 * <li>{@code adapter}: {@code placeOrder} of a market IOC order of one AAPL share, which answers once the order is FILLED.
 * The stand-in, as Alpaca, answers the POST with the order {@code new} and fills it just after, on the trade-updates
 * stream; the adapter waits for that fill there.</li>
 * <li>{@code plain} (the baseline): the same POST (same body, headers, client order id) sent by the waiting thread with
 * {@code HttpClient}, then a wait for the order's {@code fill} on a plain {@code WebSocket} listening to
 * {@code trade_updates}: the same protocol, with nothing of the adapter.</li>
 * <li>{@code plain_post_only}: the POST alone, answered {@code new}: the HTTP part of a round trip, for scale.</li>
 * </ul>
 * The stand-in runs in this JVM (the two cores are shared with it); its and the adapter's rate limits are lifted.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.multibroker.alpaca.AlpacaRoundTripComparison OUTPUT.json}; {@code -Dconcurrency=1,8}
 * picks the levels, {@code -Drounds=8} the measured rounds (16).
 */
public final class AlpacaRoundTripComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlpacaStub stub;
    private final AlpacaBrokerAdapter adapter;
    private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI orders;
    /** The plain side's orders waiting for their fill, by client order id. */
    private final Map<String, CompletableFuture<Void>> fills = new ConcurrentHashMap<>();
    private final WebSocket tradeUpdates;

    private AlpacaRoundTripComparison(AlpacaStub stub) throws Exception {
        this.stub = stub;
        adapter = new AlpacaBrokerAdapter(new AlpacaBrokerAdapter.Settings("bench", AlpacaBrokerAdapter.Endpoints.of("custom",
                stub.restUrl(), stub.streamUrl() + "/stream", stub.streamUrl()), stub.key(), stub.secret(), "iex", 100_000_000,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofHours(1),
                Set.of("us_equity"), Set.of("AAPL")));
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        orders = URI.create(stub.restUrl() + "/v2/orders");
        tradeUpdates = listen();
    }

    /** A plain trade-updates listener: authenticate, listen, and complete each order's wait at its fill. */
    private WebSocket listen() throws Exception {
        CompletableFuture<Void> authorized = new CompletableFuture<>();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        WebSocket socket = plain.newWebSocketBuilder().buildAsync(URI.create(stub.streamUrl() + "/stream"), new WebSocket.Listener() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                return onBinary(webSocket, ByteBuffer.wrap(data.toString().getBytes(StandardCharsets.UTF_8)), last);
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                pending.writeBytes(bytes);
                if (last) {
                    handle(pending.toByteArray(), authorized, listening);
                    pending.reset();
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        ObjectNode auth = JSON.createObjectNode().put("action", "authenticate");
        auth.putObject("data").put("key_id", stub.key()).put("secret_key", stub.secret());
        socket.sendText(auth.toString(), true).get(10, TimeUnit.SECONDS);
        // the next message is sent only once the first send is done: the JDK's WebSocket takes one send at a time, and an
        // answer on loopback can come before the send that asked for it has completed (the listen was then lost)
        authorized.get(10, TimeUnit.SECONDS);
        socket.sendText("{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}", true).get(10, TimeUnit.SECONDS);
        listening.get(10, TimeUnit.SECONDS);
        return socket;
    }

    private void handle(byte[] message, CompletableFuture<Void> authorized, CompletableFuture<Void> listening) {
        try {
            JsonNode node = JSON.readTree(message);
            switch (node.path("stream").asText()) {
                case "authorization" -> authorized.complete(null);
                case "listening" -> listening.complete(null);
                case "trade_updates" -> {
                    if ("fill".equals(node.path("data").path("event").asText())) {
                        CompletableFuture<Void> waiting = fills.remove(node.path("data").path("order").path("client_order_id").asText());
                        if (waiting != null) {
                            waiting.complete(null);
                        }
                    }
                }
                default -> {
                    // nothing else concerns the plain side
                }
            }
        } catch (Exception e) {
            authorized.completeExceptionally(e);
            listening.completeExceptionally(e);
        }
    }

    private Map<String, TakingTurns.Side> sides() {
        Map<String, TakingTurns.Side> sides = new LinkedHashMap<>();
        sides.put("adapter", buy -> adapter.placeOrder(UnifiedOrder.market("AAPL", buy ? OrderSide.BUY : OrderSide.SELL, BigDecimal.ONE)
                .timeInForce(TimeInForce.IOC).build()).toCompletableFuture().join().status() == OrderStatus.FILLED);
        sides.put("plain", buy -> {
            String clientOrderId = UUID.randomUUID().toString();
            // registered before sending: the fill may overtake the answer
            CompletableFuture<Void> filled = new CompletableFuture<>();
            fills.put(clientOrderId, filled);
            if (post(buy, clientOrderId) != 200) {
                fills.remove(clientOrderId);
                return false;
            }
            filled.get(10, TimeUnit.SECONDS);
            return true;
        });
        sides.put("plain_post_only", buy -> post(buy, UUID.randomUUID().toString()) == 200);
        return sides;
    }

    /** The POST the adapter sends for the same order: same body and headers. */
    private int post(boolean buy, String clientOrderId) throws Exception {
        String body = "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"" + (buy ? "buy" : "sell")
                + "\",\"type\":\"market\",\"time_in_force\":\"ioc\",\"client_order_id\":\"" + clientOrderId + "\"}";
        HttpRequest request = HttpRequest.newBuilder(orders).header("APCA-API-KEY-ID", stub.key())
                .header("APCA-API-SECRET-KEY", stub.secret()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return plain.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    }

    public static void main(String[] args) throws Exception {
        File output = new File(args.length > 0 ? args[0] : "alpaca-roundtrips.json");
        ObjectNode all = JSON.createObjectNode();
        try (AlpacaStub stub = AlpacaStub.builder().cash(new BigDecimal("1000000000")).rateLimitPerMinute(Integer.MAX_VALUE).start()) {
            AlpacaRoundTripComparison comparison = new AlpacaRoundTripComparison(stub);
            try {
                for (int concurrency : TakingTurns.concurrency()) {
                    ObjectNode result = TakingTurns.compare(comparison.sides(), "plain", concurrency, JSON);
                    all.set(Integer.toString(concurrency), result);
                    System.out.println(concurrency + " at a time: " + result);
                }
            } finally {
                comparison.tradeUpdates.abort();
                comparison.adapter.deactivate();
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(output, all);
    }
}
