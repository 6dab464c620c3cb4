package io.multibroker.http;

import static io.multibroker.http.Role.VIEWER;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthChange;
import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.metrics.LatencyMinute;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** An account over time: its latency per minute over the last hour, and the changes of its health and its capabilities. */
final class AccountTimelineRoutes {

    /** What the registry meters: every call of the adapter (its methods that answer a CompletionStage), and price ticks. */
    static final Set<String> OPERATIONS = operations();

    private final Services services;

    AccountTimelineRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/accounts/{account}/latency", VIEWER).tag("accounts")
                        .summary("The operation's median and 99th percentile latency in ms for each minute of the last hour that had calls")
                        .path("account", "the account id")
                        .query("operation", false, "the adapter operation (default placeOrder): " + String.join(", ", OPERATIONS))
                        .answers(Shape.listOf(LatencyMinute.class)).handle(call -> {
                            String operation = call.query("operation").orElse("placeOrder");
                            if (!OPERATIONS.contains(operation)) {
                                throw ApiException.invalid("operation", operation, "is not a metered operation (operations: "
                                        + String.join(", ", OPERATIONS) + ")");
                            }
                            return Reply.ok(services.registry().requireAccount(call.path("account")).latencyByMinute(operation));
                        }),
                Route.get("/accounts/{account}/health/history", VIEWER).tag("accounts")
                        .summary("Every change of the account's health status, oldest first (the latest 200 are kept)")
                        .path("account", "the account id").answers(Shape.listOf(HealthChange.class))
                        .handle(call -> Reply.ok(services.registry().healthHistory(known(call)))),
                Route.get("/accounts/{account}/capabilities/history", VIEWER).tag("accounts")
                        .summary("Every change in what the account offers (features, time in force, instruments), oldest first")
                        .path("account", "the account id").answers(Shape.listOf(CapabilityChange.class))
                        .handle(call -> Reply.ok(services.registry().capabilityHistory(known(call)))));
    }

    /** The account id of a registered account: an unknown one is a 404, not an empty history. */
    private String known(ApiCall call) {
        return services.registry().requireAccount(call.path("account")).accountId();
    }

    private static Set<String> operations() {
        Set<String> names = Arrays.stream(BrokerAdapter.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getReturnType() == CompletionStage.class)
                .map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
        names.add("priceStream");
        return names;
    }
}
