package io.multibroker.http;

import static io.multibroker.http.Role.ADMIN;
import static io.multibroker.http.Role.VIEWER;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentService;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Experiments: list, show, report, create, promote, stop, delete. */
final class ExperimentRoutes {

    /**
     * The body of {@code POST /experiments}.
     *
     * @param name the experiment's name
     * @param arms each arm (account) and its weight in percent, as decimal strings that sum to exactly 100
     * @param settings further settings named as in abtest:create (salt, instruments, order.types, primary.metric, ...)
     */
    @Doc("An experiment to create")
    public record CreateExperiment(
            @Doc(value = "its name", required = true, example = "fast-vs-slow", pattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}") String name,
            @Doc(value = "each arm (an account) and its weight in percent, as decimal strings that sum to exactly 100",
                    required = true) Map<String, BigDecimal> arms,
            @Doc("settings as abtest:create takes them: salt, instruments, order.types, primary.metric, guardrails, "
                    + "significance.level, minimum.sample.per.arm, auto.select, allocation, bandit.floor, shadows") Map<String, String> settings) {
    }

    /**
     * The body of a promotion.
     *
     * @param arm the arm that gets 100 %
     * @param reason why, recorded with the change
     */
    @Doc("The arm to promote, and why")
    public record Promote(@Doc(value = "the arm (account) that gets 100 %", required = true) String arm,
            @Doc("why, in words: recorded with the configuration change") String reason) {
    }

    private final Services services;

    ExperimentRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/experiments", VIEWER).tag("experiments").summary("Every experiment with its arms and settings")
                .answers(Shape.listOf(ExperimentInfo.class)).handle(call -> Reply.ok(services.requireExperiments().experiments())));
        routes.add(Route.post("/experiments", ADMIN).tag("experiments").status(201)
                .summary("Creates an experiment; weights must sum to exactly 100 %; every violation is named and nothing changes")
                .body(CreateExperiment.class).answers(Shape.of(ExperimentInfo.class)).handle(this::create));
        routes.add(Route.get("/experiments/{name}", VIEWER).tag("experiments")
                .summary("One experiment, its split now and the orders recorded per arm (main comparison and overrides)")
                .path("name", "the experiment").answers(Shape.of(Views.ExperimentView.class)).handle(call -> {
                    ExperimentService experiments = services.requireExperiments();
                    ExperimentInfo info = require(experiments, call.path("name"));
                    return Reply.ok(new Views.ExperimentView(info, experiments.allocation(info.name()),
                            experiments.recordedOutcomes(info.name(), false), experiments.recordedOutcomes(info.name(), true)));
                }));
        routes.add(Route.get("/experiments/{name}/report", VIEWER).tag("experiments")
                .summary("Per-arm figures, the tests, the sample ratio check and the verdict; per arm and execution-quality metric the "
                        + "mean with its 95 % interval, median, p99 and 21 quantiles (every 5 %, least to greatest) for a chart of its distribution")
                .path("name", "the experiment").answers(Shape.of(ExperimentReport.class)).handle(call -> {
                    ExperimentService experiments = services.requireExperiments();
                    return Reply.ok(experiments.report(require(experiments, call.path("name")).name()));
                }));
        routes.add(Route.post("/experiments/{name}/promote", ADMIN).tag("experiments")
                .summary("The arm's weight to 100 %, the others' to 0 %, as a versioned configuration change")
                .path("name", "the experiment").body(Promote.class).answers(Shape.of(ExperimentInfo.class)).handle(call -> {
                    ExperimentService experiments = services.requireExperiments();
                    String name = require(experiments, call.path("name")).name();
                    Promote promote = call.body(Promote.class);
                    if (!require(experiments, name).armBasisPoints().containsKey(promote.arm())) {
                        throw ApiException.invalid("arm", promote.arm(), "is not an arm of " + name + " (arms: "
                                + String.join(", ", require(experiments, name).armBasisPoints().keySet()) + ")");
                    }
                    String reason = (promote.reason() == null ? "promoted" : promote.reason()) + " (HTTP API, token "
                            + call.caller().name() + ")";
                    experiments.promote(name, promote.arm(), reason);
                    return Reply.ok(awaitState(experiments, name, info -> promote.arm().equals(info.promotedArm()), "promoted"));
                }));
        routes.add(Route.post("/experiments/{name}/stop", ADMIN).tag("experiments")
                .summary("Stops routing to the experiment; its configuration and outcomes are kept")
                .path("name", "the experiment").answers(Shape.of(ExperimentInfo.class)).handle(call -> {
                    ExperimentService experiments = services.requireExperiments();
                    String name = require(experiments, call.path("name")).name();
                    experiments.stop(name);
                    return Reply.ok(awaitState(experiments, name, info -> !info.running(), "stopped"));
                }));
        routes.add(Route.delete("/experiments/{name}", ADMIN).tag("experiments").status(204)
                .summary("Removes the experiment").path("name", "the experiment").handle(call -> {
                    ExperimentService experiments = services.requireExperiments();
                    experiments.delete(require(experiments, call.path("name")).name());
                    return new Reply(204, null, Map.of());
                }));
        return routes;
    }

    private static ExperimentInfo require(ExperimentService experiments, String name) {
        return experiments.experiment(name).orElseThrow(() -> ApiException.notFound("no experiment " + name));
    }

    private static final Duration CHANGE_WAIT = Duration.ofSeconds(10);
    private static final Duration CHANGE_POLL = Duration.ofMillis(10);

    private Reply create(ApiCall call) throws InterruptedException {
        ExperimentService experiments = services.requireExperiments();
        CreateExperiment request = call.body(CreateExperiment.class);
        if (experiments.experiment(request.name()).isPresent()) {
            throw ApiException.conflict("an experiment " + request.name() + " exists already", ApiException.EXPERIMENT_EXISTS);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        if (request.settings() != null) {
            settings.putAll(request.settings());
        }
        List<String> arms = new ArrayList<>();
        request.arms().forEach((arm, weight) -> arms.add(arm + "=" + weight.toPlainString()));
        settings.put("arms", arms);
        List<ConfigurationViolation> violations = experiments.validate(request.name(), settings, Set.of());
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations.stream().map(v -> new Problem.FieldError(v.key(), v.value(), v.rule())).toList());
        }
        try {
            experiments.create(request.name(), settings);
        } catch (InvalidConfigurationException e) {
            throw ApiException.invalid(e.violations().stream().map(v -> new Problem.FieldError(v.key(), v.value(), v.rule())).toList());
        }
        return Reply.created(awaitState(experiments, request.name(), info -> true, "running"));
    }

    /**
     * The experiment once the change is in force: a change is a configuration, which ConfigAdmin hands to the experiment's
     * component on its own thread a few milliseconds after the call returned. Waited for a bounded time, so that the answer
     * is the experiment as it now routes.
     */
    private static ExperimentInfo awaitState(ExperimentService experiments, String name, Predicate<ExperimentInfo> done, String what) {
        RetryPolicy<Optional<ExperimentInfo>> untilInForce = RetryPolicy.<Optional<ExperimentInfo>>builder()
                .handleResultIf(info -> info.isEmpty() || !done.test(info.get()))
                .withDelay(CHANGE_POLL)
                .withMaxRetries(-1)
                .withMaxDuration(CHANGE_WAIT)
                .build();
        // the last look is returned when the wait is over
        Optional<ExperimentInfo> info = Failsafe.with(untilInForce).get(() -> experiments.experiment(name));
        if (info.isPresent() && done.test(info.get())) {
            return info.get();
        }
        throw ApiException.unavailable("experiment " + name + " is not " + what + " " + CHANGE_WAIT.toSeconds()
                + " s after the change was written; GET /experiments/" + name + " shows it once it is");
    }
}
