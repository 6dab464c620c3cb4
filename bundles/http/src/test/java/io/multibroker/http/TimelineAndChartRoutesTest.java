package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthChange;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.metrics.LatencyMinute;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.routing.AllocationSnapshot;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.LatencyDistribution;
import io.multibroker.api.routing.LatencyDistribution.ArmLatency;
import io.multibroker.api.routing.LatencyDistribution.CdfPoint;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.SequentialLooks;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes the dashboard's charts read: an account's latency per minute and its health and capability timelines; an
 * experiment's latency distributions, sequential looks and split over time. Each reaches the service with the account or
 * experiment asked for, answers its figures as JSON numbers, and refuses what does not exist or is not an operation.
 */
class TimelineAndChartRoutesTest {

    private static final Instant T = Instant.parse("2026-11-30T09:00:00Z");

    @TempDir
    Path dir;

    private final List<String> asked = new CopyOnWriteArrayList<>();

    private final BrokerAccount paperFast = proxy(BrokerAccount.class, (name, args) -> switch (name) {
        case "accountId" -> "paper-fast";
        case "latencyByMinute" -> {
            asked.add("latency " + args[0]);
            yield List.of(new LatencyMinute(T, 12, 4.25, 9.5), new LatencyMinute(T.plusSeconds(60), 3, 4.0, 7.75));
        }
        default -> null;
    });

    private final BrokerRegistry registry = proxy(BrokerRegistry.class, (name, args) -> switch (name) {
        case "requireAccount" -> {
            if (!args[0].equals("paper-fast")) {
                throw new StandardBrokerError(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + args[0]);
            }
            yield paperFast;
        }
        case "healthHistory" -> List.of(new HealthChange(T, (String) args[0], HealthStatus.CONNECTING, HealthStatus.UP, null, null),
                new HealthChange(T.plusSeconds(5), (String) args[0], HealthStatus.UP, HealthStatus.DOWN, "maintenance",
                        ErrorCode.BROKER_UNAVAILABLE));
        case "capabilityHistory" -> List.of();
        default -> null;
    });

    private static final ExperimentInfo DEMO = new ExperimentInfo("demo", Map.of("paper-fast", 5000, "paper-slow", 5000), "demo",
            Set.of(), Set.of(), "latency", List.of(), new BigDecimal("0.05"), 200, false, "thompson", true);

    private final ExperimentService experiments = proxy(ExperimentService.class, (name, args) -> switch (name) {
        case "experiment" -> Optional.ofNullable(args[0].equals("demo") ? DEMO : null);
        case "latencyDistribution" -> new LatencyDistribution((String) args[0], List.of(
                new ArmLatency("paper-fast", 2, List.of(new CdfPoint(2.5, 50), new CdfPoint(4.125, 100))),
                new ArmLatency("paper-slow", 0, List.of())));
        case "sequentialLooks" -> new SequentialLooks((String) args[0], "latency", 0.05, 1, 0.0125,
                List.of(new SequentialLooks.Look(1, 20, 0.0125, 0.0125, true), new SequentialLooks.Look(2, 40, 0.01, 0.0225, false)));
        case "allocationHistory" -> List.of(new AllocationSnapshot(T, Map.of("paper-fast", 5000, "paper-slow", 5000), "configured"),
                new AllocationSnapshot(T.plusSeconds(90), Map.of("paper-fast", 9000, "paper-slow", 1000), "bandit"));
        default -> null;
    });

    private final Services services = new Services() {
        @Override public BrokerRegistry registry() { return registry; }
        @Override public Optional<OrderRouter> router() { return Optional.of(Empty.of(OrderRouter.class)); }
        @Override public Optional<ExperimentService> experiments() { return Optional.of(experiments); }
        @Override public Optional<OrderJournal> journal() { return Optional.of(Empty.of(OrderJournal.class)); }
        @Override public Optional<ConfigurationHistory> history() { return Optional.of(Empty.of(ConfigurationHistory.class)); }
        @Override public Optional<RiskControl> risk() { return Optional.of(Empty.of(RiskControl.class)); }
    };

    private interface Answer {
        Object apply(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(TimelineAndChartRoutesTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> answer.apply(method.getName(), args)));
    }

    private Api api;
    private String viewer;

    private Api.Outcome get(String path, Map<String, List<String>> query) {
        if (api == null) {
            TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
            viewer = "Bearer " + tokens.create("v", Role.VIEWER);
            OrderEventHub hub = new OrderEventHub(100, Executors.newSingleThreadExecutor(), Clock.systemUTC());
            api = new Api(HttpApi.routeTable(services, tokens, hub, new StreamRoutes(services, hub, Executors.newSingleThreadExecutor())),
                    tokens);
        }
        return api.dispatch("GET", path, query, viewer, null, new byte[0], null, null);
    }

    private static JsonNode json(Api.Outcome outcome) {
        return Json.mapper().valueToTree(outcome.body());
    }

    @Test
    void anAccountsLatencyPerMinuteIsOfTheOperationAskedForInMilliseconds() {
        Api.Outcome placeOrder = get("/accounts/paper-fast/latency", Map.of());
        assertEquals(200, placeOrder.status());
        JsonNode minutes = json(placeOrder);
        assertEquals(2, minutes.size());
        assertEquals("2026-11-30T09:00:00Z", minutes.get(0).get("minute").asText());
        assertEquals(4.25, minutes.get(0).get("p50Millis").asDouble());
        assertEquals(9.5, minutes.get(0).get("p99Millis").asDouble());
        assertEquals(12, minutes.get(0).get("calls").asLong());
        assertEquals(200, get("/accounts/paper-fast/latency", Map.of("operation", List.of("checkHealth"))).status());
        assertEquals(List.of("latency placeOrder", "latency checkHealth"), asked, "placeOrder unless another operation is asked for");
    }

    @Test
    void anOperationTheRegistryDoesNotMeterIsRefusedNamingTheParameterTheValueAndTheOperations() {
        Api.Outcome outcome = get("/accounts/paper-fast/latency", Map.of("operation", List.of("dropTables")));
        assertEquals(400, outcome.status());
        Problem.FieldError error = ((Problem) outcome.body()).errors().get(0);
        assertEquals("operation", error.field());
        assertEquals("dropTables", error.value());
        assertTrue(error.rule().contains("placeOrder") && error.rule().contains("priceStream") && error.rule().contains("cancelOrder"),
                error.rule());
        assertTrue(!error.rule().contains("accountId") && !error.rule().contains("orderEvents"), "only metered calls: " + error.rule());
        assertEquals(List.of(), asked, "refused before the registry is asked");
    }

    @Test
    void theHealthTimelineIsTheRegistrysAndAnUnknownAccountIsA404() {
        Api.Outcome outcome = get("/accounts/paper-fast/health/history", Map.of());
        assertEquals(200, outcome.status());
        JsonNode changes = json(outcome);
        assertEquals("UP", changes.get(0).get("to").asText());
        assertEquals("CONNECTING", changes.get(0).get("from").asText());
        assertEquals("DOWN", changes.get(1).get("to").asText());
        assertEquals("BROKER_UNAVAILABLE", changes.get(1).get("code").asText());
        assertEquals("maintenance", changes.get(1).get("reason").asText());
        assertEquals(404, get("/accounts/nope/health/history", Map.of()).status());
        assertEquals(404, get("/accounts/nope/capabilities/history", Map.of()).status());
        assertEquals(404, get("/accounts/nope/latency", Map.of()).status());
        assertEquals(200, get("/accounts/paper-fast/capabilities/history", Map.of()).status());
    }

    @Test
    void anExperimentsDistributionsLooksAndSplitsAreAnsweredAndAnUnknownExperimentIsA404() {
        JsonNode latency = json(get("/experiments/demo/latency", Map.of()));
        assertEquals("demo", latency.get("experiment").asText());
        assertEquals(2, latency.get("arms").size(), "one series per arm, even one without orders");
        assertEquals(4.125, latency.get("arms").get(0).get("points").get(1).get("latencyMillis").asDouble());
        assertEquals(100.0, latency.get("arms").get(0).get("points").get(1).get("percentile").asDouble());

        JsonNode looks = json(get("/experiments/demo/looks", Map.of()));
        assertEquals(1, looks.get("lookReached").asInt());
        assertEquals(0.0125, looks.get("alphaSpent").asDouble());
        assertTrue(looks.get("looks").get(0).get("reached").asBoolean());

        JsonNode splits = json(get("/experiments/demo/allocations", Map.of()));
        assertEquals("bandit", splits.get(1).get("source").asText());
        assertEquals(9000, splits.get(1).get("basisPoints").get("paper-fast").asInt());

        for (String route : List.of("latency", "looks", "allocations")) {
            Api.Outcome unknown = get("/experiments/nope/" + route, Map.of());
            assertEquals(404, unknown.status(), route);
            assertEquals("no experiment nope", ((Problem) unknown.body()).detail(), route);
        }
    }
}
