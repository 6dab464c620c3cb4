package io.multibroker.http;

import static io.multibroker.http.Role.VIEWER;

import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.LimitOrderQuality;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
import java.util.ArrayList;
import java.util.List;

/** Execution quality: the figures of the fills and limit orders per account and instrument, and the fills and orders themselves. */
final class QualityRoutes {

    private final Services services;

    QualityRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/tca", VIEWER).tag("quality")
                .summary("Execution quality per account and instrument: mean effective spread, E/Q, price improvement and markouts "
                        + "at 1 s, 5 s and 60 s (pips and basis points), with how many markouts were measured, fell in a gap or are pending; "
                        + "and under limitOrders the limit orders that ended: share filled, mean fill ratio, mean time to fill and mean "
                        + "implementation shortfall per unit ordered (the unfilled part at its opportunity cost)")
                .query("account", false, "one account only")
                .query("instrument", false, "one instrument only")
                .query("experiment", false, "only orders routed by this experiment")
                .query("since", false, "ISO-8601: only fills since")
                .answers(Shape.listOf(QualitySummary.class))
                .handle(call -> Reply.ok(services.requireQuality().summary(query(call, 0)))));
        routes.add(Route.get("/tca/fills", VIEWER).tag("quality")
                .summary("The fills themselves, oldest first: the reference quote at submission, each figure and each markout's state")
                .query("account", false, "one account only")
                .query("instrument", false, "one instrument only")
                .query("experiment", false, "only orders routed by this experiment")
                .query("since", false, "ISO-8601: only fills since")
                .query("limit", false, "the newest this many (default 100, at most 10000)")
                .answers(Shape.listOf(FillQuality.class))
                .handle(call -> Reply.ok(services.requireQuality().fills(query(call, call.queryInt("limit", 100, 1, 10_000))))));
        routes.add(Route.get("/tca/limit-orders", VIEWER).tag("quality")
                .summary("The limit orders that ended (filled, cancelled or expired), oldest first: units ordered and filled, time to "
                        + "fill, the executed part's cost, the unfilled part's opportunity cost at the horizon (GAP when the prices had a "
                        + "gap then) and the implementation shortfall, in pips and basis points")
                .query("account", false, "one account only")
                .query("instrument", false, "one instrument only")
                .query("experiment", false, "only orders routed by this experiment")
                .query("since", false, "ISO-8601: only orders that ended since")
                .query("limit", false, "the newest this many (default 100, at most 10000)")
                .answers(Shape.listOf(LimitOrderQuality.class))
                .handle(call -> Reply.ok(services.requireQuality().limitOrders(query(call, call.queryInt("limit", 100, 1, 10_000))))));
        return routes;
    }

    private static QualityQuery query(ApiCall call, int limit) {
        return new QualityQuery(call.query("account").orElse(null), call.query("instrument").orElse(null),
                call.query("experiment").orElse(null), call.queryInstant("since").orElse(null), limit);
    }
}
