package io.multibroker.http;

import static io.multibroker.http.Role.VIEWER;

import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.config.ConfigurationChange;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configuration: the broker types' schemas, and every account's and experiment's history and diffs. */
final class ConfigRoutes {

    private final Services services;

    ConfigRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/config/schemas", VIEWER).tag("configuration")
                .summary("Every broker type's configuration schema (keys, types, defaults, ranges, options, which are secret)")
                .answers(Shape.mapOf(ConfigurationSchema.class)).handle(call -> {
                    Map<String, ConfigurationSchema> schemas = new LinkedHashMap<>();
                    for (BrokerTypeInfo type : services.registry().types()) {
                        schemas.put(type.id(), type.schema());
                    }
                    return Reply.ok(schemas);
                }));
        routes.add(Route.get("/config/schemas/{type}", VIEWER).tag("configuration").summary("One broker type's configuration schema")
                .path("type", "the broker type (paper, oanda, ...)").answers(Shape.of(ConfigurationSchema.class))
                .handle(call -> Reply.ok(services.registry().type(call.path("type"))
                        .orElseThrow(() -> ApiException.notFound("no broker type " + call.path("type"))).schema())));
        routes.add(Route.get("/config/{subject}/history", VIEWER).tag("configuration")
                .summary("Every configuration version of an account (or of experiment:<name>): when, source, values as written "
                        + "(a literal secret only as its fingerprint)")
                .path("subject", "an account id, or experiment:<name>").answers(Shape.listOf(ConfigurationVersion.class))
                .handle(call -> {
                    List<ConfigurationVersion> versions = services.requireHistory().versions(call.path("subject"));
                    if (versions.isEmpty()) {
                        throw ApiException.notFound("no configuration history of " + call.path("subject"));
                    }
                    return Reply.ok(versions);
                }));
        routes.add(Route.get("/config/{subject}/diff", VIEWER).tag("configuration")
                .summary("Key by key difference of two versions")
                .path("subject", "an account id, or experiment:<name>")
                .query("from", true, "the first version").query("to", true, "the second version")
                .answers(Shape.listOf(ConfigurationChange.class)).handle(call -> {
                    int from = call.queryInt("from", 0, 1, Integer.MAX_VALUE);
                    int to = call.queryInt("to", 0, 1, Integer.MAX_VALUE);
                    if (from == 0 || to == 0) {
                        throw ApiException.invalid(from == 0 ? "from" : "to", null, "is required");
                    }
                    return Reply.ok(services.requireHistory().diff(call.path("subject"), from, to));
                }));
        return routes;
    }
}
