package io.multibroker.oanda.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in's transaction stream, as OANDA's v20 spec describes {@code /accounts/{accountID}/transactions/stream}:
 * the account's transactions from the request on, one JSON object a line, in id order, and TransactionHeartbeats with
 * the last transaction id.
 */
class TransactionStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "101-001-0000001-001";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OandaStub stub;

    @BeforeEach
    void start() throws Exception {
        stub = OandaStub.builder().account(ACCOUNT).token("t").heartbeat(Duration.ofMillis(200)).start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private JsonNode rest(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void streamsTheTransactionsAfterTheRequestInOrderWithHeartbeats() throws Exception {
        // a transaction before the stream opens: not streamed (that is what transactions/sinceid is for)
        rest("POST", "/orders", "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"10\",\"timeInForce\":\"FOK\"}}");
        long before = stub.lastTransactionId(ACCOUNT);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT + "/transactions/stream"))
                .header("Authorization", "Bearer t").GET().build();
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("RequestID").isPresent());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            JsonNode first = JSON.readTree(lines.readLine());
            assertEquals("HEARTBEAT", first.path("type").asText(), "nothing new yet: a heartbeat");
            assertEquals(String.valueOf(before), first.path("lastTransactionID").asText());
            assertNotNull(first.path("time").textValue());

            JsonNode resting = rest("POST", "/orders", "{\"order\":{\"type\":\"LIMIT\",\"instrument\":\"EUR_USD\",\"units\":\"10\","
                    + "\"price\":\"0.50000\",\"timeInForce\":\"GTC\",\"clientExtensions\":{\"id\":\"stream-1\"}}}");
            String orderId = resting.path("orderCreateTransaction").path("id").asText();
            rest("PUT", "/orders/" + orderId + "/cancel", null);
            long after = stub.lastTransactionId(ACCOUNT);

            List<JsonNode> transactions = new ArrayList<>();
            while (transactions.isEmpty() || Long.parseLong(transactions.get(transactions.size() - 1).path("id").asText()) < after) {
                JsonNode line = JSON.readTree(lines.readLine());
                if (!"HEARTBEAT".equals(line.path("type").asText())) {
                    transactions.add(line);
                }
            }
            List<String> types = transactions.stream().map(t -> t.path("type").asText()).toList();
            assertEquals(List.of("LIMIT_ORDER", "ORDER_CANCEL"), types);
            for (int i = 0; i < transactions.size(); i++) {
                assertEquals(before + 1 + i, Long.parseLong(transactions.get(i).path("id").asText()), "in id order, none missing");
                assertEquals(ACCOUNT, transactions.get(i).path("accountID").asText());
            }
            assertEquals("stream-1", transactions.get(0).path("clientExtensions").path("id").asText());
            assertEquals(orderId, transactions.get(1).path("orderID").asText());
            assertEquals("CLIENT_REQUEST", transactions.get(1).path("reason").asText());
            JsonNode beat;
            do {
                beat = JSON.readTree(lines.readLine());
            } while (!"HEARTBEAT".equals(beat.path("type").asText()));
            assertEquals(String.valueOf(after), beat.path("lastTransactionID").asText(), "the heartbeat names the last transaction");
        }
        assertEquals(1, stub.transactionStreamConnections());
        assertEquals(0, stub.streamConnections(), "not counted as a price stream");
    }
}
