package io.multibroker.alpaca.stub;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in's answers against alpaca-notes.md: shapes, statuses, codes and both WebSocket protocols. */
class StubNotesTest {

    private AlpacaStub stub;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        stub = AlpacaStub.builder().start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean authenticated) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stub.restUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authenticated) {
            request.header("APCA-API-KEY-ID", stub.key()).header("APCA-API-SECRET-KEY", stub.secret());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return StubMarket.JSON.readTree(response.body());
    }

    @Test
    void section2WrongKeysAre401WithAMessage() throws Exception {
        HttpResponse<String> response = call("GET", "/v2/account", null, false);
        assertEquals(401, response.statusCode());
        assertTrue(json(response).has("message"));
    }

    @Test
    void section4And5MoneyIsDecimalStringsAndAssetsCarryTheirFlags() throws Exception {
        JsonNode account = json(call("GET", "/v2/account", null, true));
        assertTrue(account.get("cash").isTextual() && account.get("buying_power").isTextual() && account.get("equity").isTextual());
        JsonNode crypto = json(call("GET", "/v2/assets?asset_class=crypto", null, true)).get(0);
        for (String field : List.of("id", "class", "exchange", "symbol", "status", "tradable", "marginable", "shortable", "easy_to_borrow",
                "fractionable", "min_order_size", "min_trade_increment", "price_increment")) {
            assertTrue(crypto.has(field), field);
        }
        assertEquals("BTC/USD", crypto.get("symbol").asText());
    }

    @Test
    void section6OrdersAre200WithTheOrderAndErrorsCarryAlpacasCodes() throws Exception {
        HttpResponse<String> created = call("POST", "/v2/orders",
                "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"limit\",\"limit_price\":\"100\",\"time_in_force\":\"gtc\","
                        + "\"client_order_id\":\"a-1\"}", true);
        assertEquals(200, created.statusCode(), "200, not 201");
        JsonNode order = json(created);
        assertEquals("a-1", order.get("client_order_id").asText());
        assertEquals("new", order.get("status").asText());
        HttpResponse<String> again = call("POST", "/v2/orders",
                "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\",\"client_order_id\":\"a-1\"}", true);
        assertEquals(422, again.statusCode());
        assertEquals(40010001, json(again).get("code").asInt());
        assertEquals("client_order_id must be unique", json(again).get("message").asText());
        HttpResponse<String> poor = call("POST", "/v2/orders",
                "{\"symbol\":\"AAPL\",\"qty\":\"100000\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}", true);
        assertEquals(403, poor.statusCode());
        assertEquals(40310000, json(poor).get("code").asInt());
        HttpResponse<String> notUuid = call("GET", "/v2/orders/nope", null, true);
        assertEquals(422, notUuid.statusCode(), "Alpaca-API#135");
        assertEquals("order_id is missing", json(notUuid).get("message").asText());
        JsonNode byClient = json(call("GET", "/v2/orders:by_client_order_id?client_order_id=a-1", null, true));
        assertEquals(order.get("id").asText(), byClient.get("id").asText());
        HttpResponse<String> cancel = call("DELETE", "/v2/orders/" + order.get("id").asText(), null, true);
        assertEquals(204, cancel.statusCode());
        HttpResponse<String> twice = call("DELETE", "/v2/orders/" + order.get("id").asText(), null, true);
        assertEquals(422, twice.statusCode(), "no longer cancelable");
        assertTrue(call("GET", "/v2/account", null, true).headers().firstValue("X-RateLimit-Limit").isPresent());
    }

    @Test
    void section7CryptoPositionsAreNamedWithoutTheSlash() throws Exception {
        call("POST", "/v2/orders", "{\"symbol\":\"BTC/USD\",\"qty\":\"0.01\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"gtc\"}", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> json(call("GET", "/v2/positions", null, true)).size() == 1);
        JsonNode position = json(call("GET", "/v2/positions", null, true)).get(0);
        assertEquals("BTCUSD", position.get("symbol").asText());
        assertEquals(200, call("DELETE", "/v2/positions/BTCUSD", null, true).statusCode(), "closing answers the closing order");
        assertEquals(404, call("GET", "/v2/positions/AAPL", null, true).statusCode());
    }

    @Test
    void sections11And12BothWebSocketsSpeakTheirProtocols() throws Exception {
        List<String> data = new CopyOnWriteArrayList<>();
        WebSocket market = http.newWebSocketBuilder().buildAsync(URI.create(stub.streamUrl() + "/v2/iex"), collector(data)).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> data.contains("[{\"T\":\"success\",\"msg\":\"connected\"}]"));
        market.sendText("{\"action\":\"auth\",\"key\":\"" + stub.key() + "\",\"secret\":\"" + stub.secret() + "\"}", true).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> data.contains("[{\"T\":\"success\",\"msg\":\"authenticated\"}]"));
        market.sendText("{\"action\":\"subscribe\",\"quotes\":[\"AAPL\"]}", true).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> data.stream().anyMatch(m -> m.contains("\"T\":\"q\"") && m.contains("\"bp\":")));
        List<String> trades = new CopyOnWriteArrayList<>();
        WebSocket updates = http.newWebSocketBuilder().buildAsync(URI.create(stub.streamUrl() + "/stream"), collector(trades)).get();
        updates.sendText("{\"action\":\"authenticate\",\"data\":{\"key_id\":\"" + stub.key() + "\",\"secret_key\":\"" + stub.secret() + "\"}}",
                true).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> trades.stream().anyMatch(m -> m.contains("authorized")));
        updates.sendText("{\"action\":\"listen\",\"data\":{\"streams\":[\"trade_updates\"]}}", true).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> trades.stream().anyMatch(m -> m.contains("\"listening\"")));
        call("POST", "/v2/orders", "{\"symbol\":\"AAPL\",\"qty\":\"1\",\"side\":\"buy\",\"type\":\"market\",\"time_in_force\":\"day\"}", true);
        await().atMost(Duration.ofSeconds(5)).until(() -> trades.stream().anyMatch(m -> m.contains("\"event\":\"fill\"") && m.contains("\"price\":\"")));
        market.abort();
        updates.abort();
    }

    /** Collects whole messages, text or binary (the trade-updates stream sends binary frames, as Alpaca's paper stream). */
    private static WebSocket.Listener collector(List<String> messages) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                messages.add(data.toString());
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                messages.add(StandardCharsets.UTF_8.decode(data).toString());
                webSocket.request(1);
                return null;
            }
        };
    }
}
