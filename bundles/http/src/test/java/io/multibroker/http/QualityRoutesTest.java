package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.LimitOrderQuality;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /tca and /tca/fills: the filters reach the service, bad ones are named, a missing bundle is a 503. */
class QualityRoutesTest {

    @TempDir
    Path dir;

    private final List<QualityQuery> asked = new CopyOnWriteArrayList<>();
    private final ExecutionQuality quality = new ExecutionQuality() {
        @Override
        public List<FillQuality> fills(QualityQuery query) {
            asked.add(query);
            return List.of();
        }

        @Override
        public List<QualitySummary> summary(QualityQuery query) {
            asked.add(query);
            return List.of(new QualitySummary("paper-slow", "EUR_USD", 0, 0, null, null, null, List.of(), null, null,
                    new QualitySummary.LimitOrderMeans(4, 1, new BigDecimal("0.250000"), new BigDecimal("0.125000"),
                            new BigDecimal("800.000000"), 3, 1, 0, new Figure(new BigDecimal("1.080000"), new BigDecimal("0.981818")))));
        }

        @Override
        public List<LimitOrderQuality> limitOrders(QualityQuery query) {
            asked.add(query);
            return List.of();
        }
    };

    private Api api(Optional<ExecutionQuality> running) {
        Services services = new Services() {
            @Override
            public BrokerRegistry registry() {
                return Empty.of(BrokerRegistry.class);
            }

            @Override
            public Optional<OrderRouter> router() {
                return Optional.empty();
            }

            @Override
            public Optional<ExperimentService> experiments() {
                return Optional.empty();
            }

            @Override
            public Optional<OrderJournal> journal() {
                return Optional.empty();
            }

            @Override
            public Optional<ConfigurationHistory> history() {
                return Optional.empty();
            }

            @Override
            public Optional<RiskControl> risk() {
                return Optional.empty();
            }

            @Override
            public Optional<ExecutionQuality> quality() {
                return running;
            }
        };
        TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
        viewer = "Bearer " + tokens.create("v", Role.VIEWER);
        OrderEventHub hub = new OrderEventHub(100, Executors.newSingleThreadExecutor(), Clock.systemUTC());
        return new Api(HttpApi.routeTable(services, tokens, hub, new StreamRoutes(services, hub, Executors.newSingleThreadExecutor())), tokens);
    }

    private String viewer;

    @Test
    void theFiltersReachTheService() {
        Api api = api(Optional.of(quality));
        Api.Outcome summary = api.dispatch("GET", "/tca", Map.of("account", List.of("paper-fast"), "instrument", List.of("EUR_USD"),
                "since", List.of("2026-11-30T09:00:00Z")), viewer, null, null, null, null);
        assertEquals(200, summary.status());
        assertEquals(new QualityQuery("paper-fast", "EUR_USD", null, Instant.parse("2026-11-30T09:00:00Z"), 0), asked.get(0));
        Api.Outcome fills = api.dispatch("GET", "/tca/fills", Map.of("experiment", List.of("demo"), "limit", List.of("5")), viewer, null,
                null, null, null);
        assertEquals(200, fills.status());
        assertEquals(new QualityQuery(null, null, "demo", null, 5), asked.get(1));
        Api.Outcome limits = api.dispatch("GET", "/tca/limit-orders", Map.of("account", List.of("paper-slow"), "since",
                List.of("2026-11-30T09:00:00Z")), viewer, null, null, null, null);
        assertEquals(200, limits.status());
        assertEquals(new QualityQuery("paper-slow", null, null, Instant.parse("2026-11-30T09:00:00Z"), 100), asked.get(2));
    }

    @Test
    void theSummaryCarriesTheLimitOrdersFigures() throws Exception {
        Api.Outcome summary = api(Optional.of(quality)).dispatch("GET", "/tca", Map.of(), viewer, null, null, null, null);
        assertEquals(200, summary.status());
        String json = Json.mapper().writeValueAsString(summary.body());
        // decimals as text, as everywhere in the API
        assertTrue(json.contains("\"limitOrders\":{\"orders\":4,\"filled\":1,\"filledShare\":\"0.250000\",\"fillRatio\":\"0.125000\","
                + "\"timeToFillMillis\":\"800.000000\",\"measured\":3,\"gaps\":1,\"pending\":0,"
                + "\"implementationShortfall\":{\"pips\":\"1.080000\",\"bp\":\"0.981818\"}}"), json);
    }

    @Test
    void aBadLimitIsNamedWithItsRule() {
        Api.Outcome outcome = api(Optional.of(quality)).dispatch("GET", "/tca/limit-orders", Map.of("limit", List.of("0")), viewer, null,
                null, null, null);
        assertEquals(400, outcome.status());
        assertTrue(outcome.body().toString().contains("limit"), outcome.body().toString());
    }

    @Test
    void aBadFilterIsNamedWithItsRule() {
        Api.Outcome outcome = api(Optional.of(quality)).dispatch("GET", "/tca", Map.of("since", List.of("yesterday")), viewer, null, null,
                null, null);
        assertEquals(400, outcome.status());
        Problem problem = (Problem) outcome.body();
        assertTrue(problem.errors().contains(new Problem.FieldError("since", "yesterday", "must be an ISO-8601 time such as 2026-12-31T21:00:00Z")),
                problem.toString());
        assertTrue(asked.isEmpty());
    }

    @Test
    void withoutTheBundleTheRouteSaysWhatIsMissing() {
        Api.Outcome outcome = api(Optional.empty()).dispatch("GET", "/tca", Map.of(), viewer, null, null, null, null);
        assertEquals(503, outcome.status());
        assertTrue(((Problem) outcome.body()).detail().contains("feature multibroker-quality"), outcome.body().toString());
    }
}
