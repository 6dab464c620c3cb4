package io.multibroker.oanda.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in keeps only its newest transactions, and forgets the orders they created unless those still rest. */
class TransactionRetentionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "101-001-0000001-001";
    private static final int RETAINED = 8;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OandaStub stub;

    @BeforeEach
    void start() throws Exception {
        stub = OandaStub.builder().account(ACCOUNT).token("t").retainedTransactions(RETAINED).start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, body);
        assertTrue(response.statusCode() < 300, method + " " + path + ": " + response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    private static String market(String clientId) {
        return "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"10\",\"timeInForce\":\"FOK\","
                + "\"clientExtensions\":{\"id\":\"" + clientId + "\"}}}";
    }

    @Test
    void theOldestTransactionsAndTheFilledOrdersTheyCreatedAreForgottenAndARestingOrderIsKept() throws Exception {
        String resting = ok("POST", "/orders", "{\"order\":{\"type\":\"LIMIT\",\"instrument\":\"EUR_USD\",\"units\":\"10\","
                + "\"price\":\"0.50000\",\"timeInForce\":\"GTC\",\"clientExtensions\":{\"id\":\"rest-1\"}}}")
                .path("orderCreateTransaction").path("id").asText();
        String firstFilled = ok("POST", "/orders", market("old-1")).path("orderCreateTransaction").path("id").asText();
        for (int i = 0; i < RETAINED; i++) {
            ok("POST", "/orders", market("new-" + i));
        }

        JsonNode kept = ok("GET", "/transactions/sinceid?id=0", null).path("transactions");
        assertTrue(kept.size() <= RETAINED, "at most " + RETAINED + " kept: " + kept.size());
        long last = stub.lastTransactionId(ACCOUNT);
        assertEquals(String.valueOf(last), kept.get(kept.size() - 1).path("id").asText(), "the newest are the ones kept");
        assertEquals(last - kept.size() + 1, Long.parseLong(kept.get(0).path("id").asText()), "consecutive up to the newest");
        assertEquals(404, call("GET", "/transactions/" + firstFilled, null).statusCode());

        assertEquals(404, call("GET", "/orders/" + firstFilled, null).statusCode(), "a filled order of a forgotten transaction");
        assertEquals(404, call("GET", "/orders/@old-1", null).statusCode(), "and its client id");
        assertEquals("PENDING", ok("GET", "/orders/" + resting, null).path("order").path("state").asText(), "a resting order stays");
        assertEquals(resting, ok("GET", "/orders/@rest-1", null).path("order").path("id").asText());
        assertEquals("FILLED", ok("GET", "/orders/@new-" + (RETAINED - 1), null).path("order").path("state").asText());
    }

    @Test
    void aRetentionTooSmallToWorkIsRefusedNamingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> OandaStub.builder().retainedTransactions(3));
        assertTrue(refused.getMessage().contains("retainedTransactions") && refused.getMessage().contains("3"), refused.getMessage());
    }
}
