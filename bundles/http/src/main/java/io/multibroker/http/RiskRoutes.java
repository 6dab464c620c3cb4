package io.multibroker.http;

import static io.multibroker.http.Role.ADMIN;
import static io.multibroker.http.Role.VIEWER;

import io.multibroker.api.risk.HaltReport;
import io.multibroker.api.risk.RiskStatus;
import java.util.ArrayList;
import java.util.List;

/** Risk: trading states and limit usage, the kill switch and resumption. */
final class RiskRoutes {

    /**
     * The body of a halt.
     *
     * @param account the account, or null for everything
     * @param reason why
     * @param cancelOpen cancel the halted accounts' open orders
     * @param flatten close the halted accounts' positions
     */
    @Doc("What to halt and what to do with open orders and positions")
    public record Halt(@Doc("the account; leave out to halt everything") String account,
            @Doc(value = "why, recorded in the risk journal", required = true) String reason,
            @Doc("cancel the halted accounts' open orders") Boolean cancelOpen,
            @Doc("close the halted accounts' positions at market") Boolean flatten) {
    }

    /**
     * The body of a resumption.
     *
     * @param account the account, or null for the global scope
     * @param reason why
     * @param live the deliberate word needed for an account that trades real money
     */
    @Doc("What to resume")
    public record Resume(@Doc("the account; leave out for the global scope") String account,
            @Doc(value = "why, recorded in the risk journal", required = true) String reason,
            @Doc("true to resume an account that trades real money (environment=live)") Boolean live) {
    }

    private final Services services;

    RiskRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/risk", VIEWER).tag("risk").summary("Trading state and limit usage, the global scope first, then every account")
                .answers(Shape.listOf(RiskStatus.class)).handle(call -> Reply.ok(services.requireRisk().status())));
        routes.add(Route.post("/risk/halt", ADMIN).tag("risk")
                .summary("The kill switch: halts an account or everything at once; optionally cancels open orders and flattens positions")
                .body(Halt.class).answers(Shape.of(HaltReport.class)).handle(call -> {
                    Halt halt = call.body(Halt.class);
                    try {
                        return Reply.ok(AccountRoutes.await(services.requireRisk().halt(halt.account(), halt.reason(), by(call),
                                Boolean.TRUE.equals(halt.cancelOpen()), Boolean.TRUE.equals(halt.flatten()))));
                    } catch (IllegalArgumentException e) {
                        throw ApiException.invalid("account", halt.account(), e.getMessage());
                    }
                }));
        routes.add(Route.post("/risk/resume", ADMIN).tag("risk").summary("Puts an account (or the global scope) back to ACTIVE")
                .body(Resume.class).answers(Shape.of(RiskStatus.class)).handle(call -> {
                    Resume resume = call.body(Resume.class);
                    try {
                        return Reply.ok(services.requireRisk().resume(resume.account(), resume.reason(), by(call),
                                Boolean.TRUE.equals(resume.live())));
                    } catch (IllegalArgumentException e) {
                        throw ApiException.invalid("account", resume.account(), e.getMessage());
                    } catch (IllegalStateException e) {
                        throw ApiException.invalid("live", String.valueOf(resume.live()), e.getMessage());
                    }
                }));
        return routes;
    }

    private static String by(ApiCall call) {
        return "http:" + call.caller().name();
    }
}
