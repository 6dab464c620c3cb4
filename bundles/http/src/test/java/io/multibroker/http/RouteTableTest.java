package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and the dispatcher come from one route table: every route is described, every described
 * operation is dispatched to its route (never "no operation" or "method not allowed", never a 500), and every schema it
 * refers to exists. So the document cannot drift from the code.
 */
class RouteTableTest {

    @TempDir
    Path dir;

    private final Services services = new Services() {
        @Override
        public BrokerRegistry registry() {
            return Empty.of(BrokerRegistry.class);
        }

        @Override
        public Optional<OrderRouter> router() {
            return Optional.of(Empty.of(OrderRouter.class));
        }

        @Override
        public Optional<ExperimentService> experiments() {
            return Optional.of(Empty.of(ExperimentService.class));
        }

        @Override
        public Optional<OrderJournal> journal() {
            return Optional.of(Empty.of(OrderJournal.class));
        }

        @Override
        public Optional<ConfigurationHistory> history() {
            return Optional.of(Empty.of(ConfigurationHistory.class));
        }

        @Override
        public Optional<RiskControl> risk() {
            return Optional.of(Empty.of(RiskControl.class));
        }
    };

    private RouteTable table(TokenStore tokens) {
        OrderEventHub hub = new OrderEventHub(100, Executors.newSingleThreadExecutor(), Clock.systemUTC());
        return HttpApi.routeTable(services, tokens, hub, new StreamRoutes(services, hub, Executors.newSingleThreadExecutor()));
    }

    @Test
    void everyRouteIsDescribedWithItsParametersAndEverySchemaReferenceResolves() {
        RouteTable table = table(new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC()));
        ObjectNode doc = OpenApi.document(table, "1");
        for (Route route : table.routes()) {
            JsonNode op = doc.get("paths").get(route.path()).get(route.method().toLowerCase(Locale.ROOT));
            assertTrue(op != null, route.method() + " " + route.path() + " is not in the document");
            assertEquals(route.role() == null ? "public" : route.role().id(), op.get("x-role").asText());
            for (Route.Param param : route.params()) {
                boolean found = false;
                for (JsonNode p : op.get("parameters")) {
                    found |= p.get("name").asText().equals(param.name());
                }
                assertTrue(found, param.name() + " of " + route.path() + " is not described");
            }
            assertEquals(route.body() != null, op.has("requestBody"), route.path());
        }
        int operations = 0;
        for (Iterator<JsonNode> paths = doc.get("paths").elements(); paths.hasNext(); ) {
            operations += paths.next().size();
        }
        assertEquals(table.routes().size(), operations, "the document describes an operation no route serves");
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (String ref : refs) {
            assertTrue(doc.get("components").get("schemas").has(ref.substring("#/components/schemas/".length())), ref + " does not resolve");
        }
        // decimals are strings in the document, as on the wire
        assertEquals("string", doc.get("components").get("schemas").get("OrderView").get("properties").get("filledUnits").get("type").asText());
    }

    @Test
    void theExperimentReportDocumentsEachArmsQualityDistribution() {
        RouteTable table = table(new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC()));
        ObjectNode doc = OpenApi.document(table, "1");
        JsonNode schemas = doc.get("components").get("schemas");
        JsonNode quantiles = schemas.get("MetricSummary").get("properties").get("quantiles");
        assertTrue(quantiles != null, "MetricSummary has no quantiles: " + schemas.get("MetricSummary"));
        assertEquals("array", quantiles.get("type").asText());
        assertEquals("#/components/schemas/QuantileValue", quantiles.get("items").get("$ref").asText());
        assertEquals("number", schemas.get("QuantileValue").get("properties").get("probability").get("type").asText());
        assertEquals("number", schemas.get("QuantileValue").get("properties").get("value").get("type").asText());
        String summary = doc.get("paths").get("/experiments/{name}/report").get("get").get("summary").asText();
        assertTrue(summary.contains("quantiles"), summary);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collectRefs(child, refs));
    }

    @Test
    void everyDescribedOperationIsDispatchedToItsRoute() {
        TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
        String admin = "Bearer " + tokens.create("admin", Role.ADMIN);
        RouteTable table = table(tokens);
        Api api = new Api(table, tokens);
        for (Route route : table.routes()) {
            if (route.streams()) {
                continue;
            }
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            Api.Outcome outcome = api.dispatch(route.method(), path, Map.of(), admin, "application/json", "{}".getBytes(), null, null);
            assertEquals(route.path(), outcome.route(), route.method() + " " + path + " reached another route");
            assertNotEquals(405, outcome.status(), route.method() + " " + path);
            assertNotEquals(500, outcome.status(), route.method() + " " + path + ": " + outcome.body());
            if (outcome.status() == 404) {
                assertFalse(((Problem) outcome.body()).detail().startsWith("no operation"), route.path());
            }
        }
    }

    @Test
    void rolesAreCheckedBeforeAnythingRuns() {
        TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
        RouteTable table = table(tokens);
        Api api = new Api(table, tokens);
        String viewer = "Bearer " + tokens.create("v", Role.VIEWER);
        String trader = "Bearer " + tokens.create("t", Role.TRADER);
        for (Route route : table.routes()) {
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            if (route.role() == null) {
                continue;
            }
            assertEquals(401, api.dispatch(route.method(), path, Map.of(), null, "application/json", new byte[0], null, null).status());
            for (Role role : Role.values()) {
                String token = role == Role.VIEWER ? viewer : role == Role.TRADER ? trader : null;
                if (token != null && !role.includes(route.role())) {
                    assertEquals(403, api.dispatch(route.method(), path, Map.of(), token, "application/json", new byte[0], null, null).status(),
                            role + " " + route.method() + " " + route.path());
                }
            }
        }
    }

    @Test
    void malformedJsonIsA400ProblemNeverA500() {
        TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
        Api api = new Api(table(tokens), tokens);
        String trader = "Bearer " + tokens.create("t", Role.TRADER);
        for (String body : new String[] {"{", "[]", "null", "\"x\"", "{\"clientOrderId\": 1}", "{} {}", "\u0000"}) {
            Api.Outcome outcome = api.dispatch("POST", "/orders", Map.of(), trader, "application/json", body.getBytes(), null, null);
            assertEquals(400, outcome.status(), body + ": " + outcome.body());
        }
        assertEquals(415, api.dispatch("POST", "/orders", Map.of(), trader, "text/plain", "{}".getBytes(), null, null).status());
    }

    @Test
    void fieldErrorsNameTheFieldTheValueAndTheRuleOnEveryRequestNotOnlyTheFirst() {
        TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
        Api api = new Api(table(tokens), tokens);
        String trader = "Bearer " + tokens.create("t", Role.TRADER);
        String body = "{\"clientOrderId\":\"c-1\",\"routing\":{\"strategy\":\"EXPLICIT\",\"account\":\"a\",\"colour\":\"red\"},"
                + "\"side\":\"BUY\",\"units\":\"1000\",\"foo\":1}";
        // the record types' shapes are looked up once and kept: the second request must be judged as the first
        for (int i = 0; i < 2; i++) {
            Api.Outcome outcome = api.dispatch("POST", "/orders", Map.of(), trader, "application/json", body.getBytes(), null, null);
            assertEquals(400, outcome.status());
            List<Problem.FieldError> errors = ((Problem) outcome.body()).errors();
            assertTrue(errors.contains(new Problem.FieldError("instrument", null, "is required")), errors.toString());
            assertTrue(errors.stream().anyMatch(e -> e.field().equals("foo") && e.value().equals("1") && e.rule().startsWith("is not a field")),
                    errors.toString());
            assertTrue(errors.stream().anyMatch(e -> e.field().equals("routing.colour") && e.rule().startsWith("is not a field")),
                    errors.toString());
        }
    }
}
