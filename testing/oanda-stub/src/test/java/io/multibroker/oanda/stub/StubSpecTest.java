package io.multibroker.oanda.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in's answers against OANDA's own v20 spec (3.0.25): every status is one the spec declares for that
 * path and method, and every field of every body is declared by the spec's schema for it, with the declared
 * JSON type (decimals as strings). Transactions and orders are checked against their concrete definition,
 * chosen by their {@code type} as v20 does.
 */
class StubSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "101-001-0000001-001";
    private static JsonNode spec;

    private OandaStub stub;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        if (spec == null) {
            try (InputStream in = StubSpecTest.class.getResourceAsStream("/v20/v20.json")) {
                spec = JSON.readTree(in);
            }
        }
        stub = OandaStub.builder().account(ACCOUNT).token("t").heartbeat(Duration.ofMillis(300)).start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v3" + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer t").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Calls and checks the answer against the spec's response for that template, method and status. */
    private JsonNode checked(String method, String template, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = call(method, path, body);
        assertEquals(expectedStatus, response.statusCode(), method + " " + path + ": " + response.body());
        JsonNode operation = spec.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        assertTrue(operation.isObject(), "the spec has " + method + " " + template);
        JsonNode declared = operation.path("responses").path(String.valueOf(response.statusCode()));
        assertTrue(declared.isObject(), "the spec declares status " + response.statusCode() + " for " + method + " " + template);
        assertTrue(response.headers().firstValue("RequestID").isPresent(), "RequestID header");
        JsonNode parsed = JSON.readTree(response.body());
        List<String> problems = new ArrayList<>();
        check(parsed, declared.path("schema"), method + " " + template + " " + response.statusCode(), problems);
        assertEquals(List.of(), problems);
        return parsed;
    }

    private static void check(JsonNode value, JsonNode schema, String where, List<String> problems) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/definitions/".length());
            if (name.equals("Transaction") || name.equals("Order")) {
                name = camel(value.path("type").asText()) + name;
            }
            JsonNode definition = spec.path("definitions").path(name);
            if (!definition.isObject()) {
                problems.add(where + ": no definition " + name + " in the spec");
                return;
            }
            check(value, definition, where + "<" + name + ">", problems);
            return;
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + ": not an object");
                    return;
                }
                value.fields().forEachRemaining(field -> {
                    JsonNode property = schema.path("properties").path(field.getKey());
                    if (property.isMissingNode()) {
                        problems.add(where + ": field " + field.getKey() + " is not in the spec");
                    } else {
                        check(field.getValue(), property, where + "." + field.getKey(), problems);
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": not an array");
                    return;
                }
                value.forEach(element -> check(element, schema.path("items"), where + "[]", problems));
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + ": not a string: " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + ": not an integer: " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + ": not a boolean: " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(where + ": not a number: " + value);
                }
            }
            default -> {
                // a schema without a type (free-form): anything is allowed
            }
        }
    }

    /** MARKET_ORDER to MarketOrder, ORDER_FILL to OrderFill: how v20 names a type's definition. */
    private static String camel(String type) {
        StringBuilder name = new StringBuilder();
        for (String part : type.split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    @Test
    void accountReadsFollowTheSpec() throws Exception {
        checked("GET", "/accounts/{accountID}/summary", "/accounts/" + ACCOUNT + "/summary", null, 200);
        JsonNode instruments = checked("GET", "/accounts/{accountID}/instruments", "/accounts/" + ACCOUNT + "/instruments", null, 200);
        assertTrue(instruments.path("instruments").size() >= 4);
        checked("GET", "/accounts/{accountID}/openPositions", "/accounts/" + ACCOUNT + "/openPositions", null, 200);
        checked("GET", "/accounts/{accountID}/openTrades", "/accounts/" + ACCOUNT + "/openTrades", null, 200);
    }

    @Test
    void theThreeOutcomesOfA201AndARejectFollowTheSpec() throws Exception {
        String orders = "/accounts/{accountID}/orders";
        String path = "/accounts/" + ACCOUNT + "/orders";
        JsonNode filled = checked("POST", orders, path, "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"100\","
                + "\"clientExtensions\":{\"id\":\"spec-1\"},\"stopLossOnFill\":{\"price\":\"1.00000\"}}}", 201);
        assertTrue(filled.has("orderFillTransaction"));
        JsonNode pending = checked("POST", orders, path, "{\"order\":{\"type\":\"LIMIT\",\"instrument\":\"EUR_USD\",\"units\":\"100\","
                + "\"price\":\"0.50000\",\"timeInForce\":\"GTC\"}}", 201);
        assertTrue(!pending.has("orderFillTransaction") && !pending.has("orderCancelTransaction"));
        JsonNode cancelled = checked("POST", orders, path, "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"90000000\"}}",
                201);
        assertEquals("INSUFFICIENT_MARGIN", cancelled.path("orderCancelTransaction").path("reason").asText());
        JsonNode rejected = checked("POST", orders, path, "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\",\"units\":\"100.5\"}}",
                400);
        assertEquals("UNITS_PRECISION_EXCEEDED", rejected.path("orderRejectTransaction").path("rejectReason").asText());
        assertEquals("UNITS_PRECISION_EXCEEDED", rejected.path("errorCode").asText());

        // one transaction id sequence: ids rise by one per transaction, rejects included
        JsonNode since = checked("GET", "/accounts/{accountID}/transactions/sinceid", "/accounts/" + ACCOUNT + "/transactions/sinceid?id=0",
                null, 200);
        long previous = 0;
        for (JsonNode transaction : since.path("transactions")) {
            long id = Long.parseLong(transaction.path("id").asText());
            assertEquals(previous + 1, id, "transaction ids have no gap");
            previous = id;
        }
        assertEquals(String.valueOf(previous), since.path("lastTransactionID").asText());
        JsonNode lastTwo = checked("GET", "/accounts/{accountID}/transactions/sinceid", "/accounts/" + ACCOUNT
                + "/transactions/sinceid?id=" + (previous - 2), null, 200);
        List<String> lastTwoIds = new ArrayList<>();
        lastTwo.path("transactions").forEach(transaction -> lastTwoIds.add(transaction.path("id").asText()));
        assertEquals(List.of(String.valueOf(previous - 1), String.valueOf(previous)), lastTwoIds, "the ones after the id given");
        assertEquals(String.valueOf(previous), checked("GET", "/accounts/{accountID}/transactions/{transactionID}", "/accounts/"
                + ACCOUNT + "/transactions/" + previous, null, 200).path("transaction").path("id").asText());
        checked("GET", "/accounts/{accountID}/transactions/{transactionID}", "/accounts/" + ACCOUNT + "/transactions/" + (previous + 1),
                null, 404);

        String orderId = pending.path("orderCreateTransaction").path("id").asText();
        checked("GET", "/accounts/{accountID}/orders/{orderSpecifier}", path + "/" + orderId, null, 200);
        checked("GET", "/accounts/{accountID}/orders/{orderSpecifier}", path + "/@spec-1", null, 200);
        checked("PUT", "/accounts/{accountID}/orders/{orderSpecifier}/cancel", path + "/" + orderId + "/cancel", null, 200);
        checked("PUT", "/accounts/{accountID}/orders/{orderSpecifier}/cancel", path + "/" + orderId + "/cancel", null, 404);
        checked("GET", "/accounts/{accountID}/transactions/{transactionID}",
                "/accounts/" + ACCOUNT + "/transactions/" + filled.path("orderFillTransaction").path("id").asText(), null, 200);
        checked("PUT", "/accounts/{accountID}/positions/{instrument}/close", "/accounts/" + ACCOUNT + "/positions/EUR_USD/close",
                "{\"longUnits\":\"ALL\"}", 200);
    }

    /**
     * Replace (v20 PUT /orders/{spec}) is a cancel and a create: the old order is cancelled with CLIENT_REQUEST_REPLACED
     * and names its replacement, the new one has a new id and names the order it replaces; a pending order is listed by
     * GET /pendingOrders until it is replaced, and an order no longer pending cannot be replaced (404).
     */
    @Test
    void replaceCancelsAndCreatesAndPendingOrdersListsWhatRestsAsTheSpecDefinesThem() throws Exception {
        String orders = "/accounts/" + ACCOUNT + "/orders";
        String order = "/accounts/{accountID}/orders/{orderSpecifier}";
        JsonNode placed = checked("POST", "/accounts/{accountID}/orders", orders, "{\"order\":{\"type\":\"LIMIT\",\"instrument\":"
                + "\"EUR_USD\",\"units\":\"100\",\"price\":\"0.50000\",\"timeInForce\":\"GTC\",\"clientExtensions\":{\"id\":\"old-1\"}}}", 201);
        String oldId = placed.path("orderCreateTransaction").path("id").asText();
        JsonNode listed = checked("GET", "/accounts/{accountID}/pendingOrders", "/accounts/" + ACCOUNT + "/pendingOrders", null, 200);
        assertEquals(List.of(oldId), ids(listed.path("orders")));

        JsonNode replaced = checked("PUT", order, orders + "/" + oldId, "{\"order\":{\"type\":\"LIMIT\",\"instrument\":\"EUR_USD\","
                + "\"units\":\"200\",\"price\":\"0.49000\",\"timeInForce\":\"GTC\",\"clientExtensions\":{\"id\":\"new-1\"}}}", 201);
        JsonNode cancel = replaced.path("orderCancelTransaction");
        JsonNode create = replaced.path("orderCreateTransaction");
        String newId = create.path("id").asText();
        assertEquals("CLIENT_REQUEST_REPLACED", cancel.path("reason").asText());
        assertEquals(oldId, cancel.path("orderID").asText());
        assertEquals(newId, cancel.path("replacedByOrderID").asText());
        assertEquals("REPLACEMENT", create.path("reason").asText());
        assertEquals(oldId, create.path("replacesOrderID").asText());
        assertEquals(Long.parseLong(cancel.path("id").asText()) + 1, Long.parseLong(newId), "the cancel comes first, then the create");
        assertEquals("200", create.path("units").asText());
        assertTrue(!replaced.has("orderFillTransaction") && !replaced.has("replacingOrderCancelTransaction"), "the new order rests: " + replaced);

        JsonNode old = checked("GET", order, orders + "/" + oldId, null, 200).path("order");
        assertEquals("CANCELLED", old.path("state").asText());
        assertEquals(newId, old.path("replacedByOrderID").asText());
        assertEquals("PENDING", checked("GET", order, orders + "/@new-1", null, 200).path("order").path("state").asText());
        listed = checked("GET", "/accounts/{accountID}/pendingOrders", "/accounts/" + ACCOUNT + "/pendingOrders", null, 200);
        assertEquals(List.of(newId), ids(listed.path("orders")));

        JsonNode refused = checked("PUT", order, orders + "/" + oldId, "{\"order\":{\"type\":\"LIMIT\",\"instrument\":\"EUR_USD\","
                + "\"units\":\"100\",\"price\":\"0.48000\"}}", 404);
        assertEquals("ORDER_DOESNT_EXIST", refused.path("errorCode").asText());
    }

    /** The test hook: the market moved to a resting buy limit fills it at its price, and it leaves the pending orders. */
    @Test
    void reachingARestingOrderFillsItAtItsPrice() throws Exception {
        String orders = "/accounts/" + ACCOUNT + "/orders";
        JsonNode placed = checked("POST", "/accounts/{accountID}/orders", orders, "{\"order\":{\"type\":\"LIMIT\",\"instrument\":"
                + "\"EUR_USD\",\"units\":\"100\",\"price\":\"0.90000\",\"timeInForce\":\"GTC\"}}", 201);
        String orderId = placed.path("orderCreateTransaction").path("id").asText();
        assertTrue(stub.reach(ACCOUNT, orderId));
        JsonNode filled = checked("GET", "/accounts/{accountID}/orders/{orderSpecifier}", orders + "/" + orderId, null, 200).path("order");
        assertEquals("FILLED", filled.path("state").asText());
        JsonNode fill = checked("GET", "/accounts/{accountID}/transactions/{transactionID}", "/accounts/" + ACCOUNT + "/transactions/"
                + filled.path("fillingTransactionID").asText(), null, 200).path("transaction");
        assertEquals("0.90000", fill.path("price").asText(), "a buy limit reached fills at the ask, which is its price");
        assertTrue(!stub.reach(ACCOUNT, orderId), "a filled order is no longer there to reach");
    }

    private static List<String> ids(JsonNode orders) {
        List<String> ids = new ArrayList<>();
        orders.forEach(o -> ids.add(o.path("id").asText()));
        return ids;
    }

    @Test
    void closingAFlatSideRefusesTheWholeCloseAsOandaDoes() throws Exception {
        String orders = "/accounts/" + ACCOUNT + "/orders";
        String close = "/accounts/{accountID}/positions/{instrument}/close";
        String path = "/accounts/" + ACCOUNT + "/positions/EUR_USD/close";
        JsonNode nothing = checked("PUT", close, path, "{\"longUnits\":\"ALL\"}", 404);
        assertEquals("CLOSEOUT_POSITION_DOESNT_EXIST", nothing.path("errorCode").asText());
        checked("POST", "/accounts/{accountID}/orders", orders, "{\"order\":{\"type\":\"MARKET\",\"instrument\":\"EUR_USD\","
                + "\"units\":\"100\"}}", 201);
        // long only: ALL for the flat short side refuses the request, and the long side stays open
        JsonNode both = checked("PUT", close, path, "{\"longUnits\":\"ALL\",\"shortUnits\":\"ALL\"}", 400);
        assertEquals("CLOSEOUT_POSITION_DOESNT_EXIST", both.path("shortOrderRejectTransaction").path("rejectReason").asText());
        assertTrue(!both.has("longOrderFillTransaction"), "nothing was closed: " + both);
        assertEquals(1, JSON.readTree(call("GET", "/accounts/" + ACCOUNT + "/openPositions", null).body()).path("positions").size());
        JsonNode closed = checked("PUT", close, path, "{\"longUnits\":\"ALL\"}", 200);
        assertEquals("-100", closed.path("longOrderFillTransaction").path("units").asText());
    }

    @Test
    void aPlusInAPathSegmentIsAPlusAndAnEscapedSpaceIsASpace() throws Exception {
        String orders = "/accounts/" + ACCOUNT + "/orders";
        for (String clientId : List.of("a b", "a+b")) {
            checked("POST", "/accounts/{accountID}/orders", orders, "{\"order\":{\"type\":\"LIMIT\",\"instrument\":\"EUR_USD\","
                    + "\"units\":\"100\",\"price\":\"0.50000\",\"clientExtensions\":{\"id\":\"" + clientId + "\"}}}", 201);
        }
        String byClientId = "/accounts/{accountID}/orders/{orderSpecifier}";
        assertEquals("a b", checked("GET", byClientId, orders + "/@a%20b", null, 200).path("order").path("clientExtensions").path("id").asText());
        assertEquals("a+b", checked("GET", byClientId, orders + "/@a+b", null, 200).path("order").path("clientExtensions").path("id").asText());
        assertEquals("a+b", checked("GET", byClientId, orders + "/@a%2Bb", null, 200).path("order").path("clientExtensions").path("id").asText());
    }

    @Test
    void errorsFollowTheSpec() throws Exception {
        HttpResponse<String> unauthorized = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT + "/summary"))
                .header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, unauthorized.statusCode());
        assertEquals("Insufficient authorization to perform request.", JSON.readTree(unauthorized.body()).path("errorMessage").asText());
        checked("GET", "/accounts/{accountID}/orders/{orderSpecifier}", "/accounts/" + ACCOUNT + "/orders/999999", null, 404);
        checked("PUT", "/accounts/{accountID}/orders/{orderSpecifier}/cancel", "/accounts/" + ACCOUNT + "/orders/1/cancel", null, 404);
        assertEquals(405, call("POST", "/accounts/" + ACCOUNT + "/orders/1/cancel", null).statusCode());
        assertEquals(405, call("DELETE", "/accounts/" + ACCOUNT + "/orders/1/cancel", null).statusCode(), "cancel is a PUT, not a DELETE");
    }

    @Test
    void thePriceStreamSendsOneObjectPerLineAsTheSpecDefinesThem() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT
                + "/pricing/stream?instruments=EUR_USD%2CUSD_JPY")).header("Authorization", "Bearer t").build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        boolean price = false;
        boolean heartbeat = false;
        List<String> problems = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 40 && !(price && heartbeat); i++) {
                JsonNode message = JSON.readTree(lines.readLine());
                boolean isPrice = message.path("type").asText().equals("PRICE");
                check(message, spec.path("definitions").path(isPrice ? "ClientPrice" : "PricingHeartbeat"), isPrice ? "PRICE" : "HEARTBEAT",
                        problems);
                price |= isPrice;
                heartbeat |= !isPrice;
            }
        }
        assertTrue(price && heartbeat, "prices and heartbeats arrived");
        assertEquals(List.of(), problems);
    }

    @Test
    void unixDatetimeFormatRendersSecondsAsStrings() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/v3/accounts/" + ACCOUNT + "/summary"))
                .header("Authorization", "Bearer t").header("Accept-Datetime-Format", "UNIX").build();
        JsonNode body = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(body.path("account").path("createdTime").asText().matches("\\d+\\.\\d{9}"), body.toString());
    }

    /** The checker itself can fail: an undeclared field, a decimal sent as a number, a transaction of the wrong shape. */
    @Test
    void theCheckerCatchesWhatTheSpecForbids() throws Exception {
        List<String> problems = new ArrayList<>();
        check(JSON.readTree("{\"balance\":100000.5,\"colour\":\"blue\"}"), spec.path("definitions").path("AccountSummary"), "summary",
                problems);
        check(JSON.readTree("{\"type\":\"ORDER_FILL\",\"units\":\"1\",\"rejectReason\":\"X\"}"),
                JSON.readTree("{\"$ref\":\"#/definitions/Transaction\"}"), "fill", problems);
        assertEquals(List.of("summary.balance: not a string: 100000.5", "summary: field colour is not in the spec",
                "fill<OrderFillTransaction>: field rejectReason is not in the spec"), problems);
    }
}
