package io.multibroker.http;

import static io.multibroker.http.Role.VIEWER;

import io.multibroker.api.routing.AllocationSnapshot;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.LatencyDistribution;
import io.multibroker.api.routing.SequentialLooks;
import java.util.List;

/** What the dashboard draws of an experiment beyond its report: latency distributions, the sequential plan, the split over time. */
final class ExperimentChartRoutes {

    private final Services services;

    ExperimentChartRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/experiments/{name}/latency", VIEWER).tag("experiments")
                        .summary("Each arm's latency distribution (main comparison) as cumulative points: ms, and % of orders within it")
                        .path("name", "the experiment").answers(Shape.of(LatencyDistribution.class))
                        .handle(call -> Reply.ok(experiments(call).latencyDistribution(call.path("name")))),
                Route.get("/experiments/{name}/looks", VIEWER).tag("experiments")
                        .summary("The sequential plan: each look's sample per arm and level, the look reached and the alpha spent")
                        .path("name", "the experiment").answers(Shape.of(SequentialLooks.class))
                        .handle(call -> Reply.ok(experiments(call).sequentialLooks(call.path("name")))),
                Route.get("/experiments/{name}/allocations", VIEWER).tag("experiments")
                        .summary("The split of new orders over time, oldest first: the configured weights, then a bandit's (one per minute)")
                        .path("name", "the experiment").answers(Shape.listOf(AllocationSnapshot.class))
                        .handle(call -> Reply.ok(experiments(call).allocationHistory(call.path("name")))));
    }

    /** The experiments, once the call's experiment is known to exist: an unknown one is a 404. */
    private ExperimentService experiments(ApiCall call) {
        ExperimentService experiments = services.requireExperiments();
        experiments.experiment(call.path("name")).orElseThrow(() -> ApiException.notFound("no experiment " + call.path("name")));
        return experiments;
    }
}
