package io.multibroker.http;

import static io.multibroker.http.Role.VIEWER;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Accounts: list, health, capabilities, instruments, summary, positions, metrics. */
final class AccountRoutes {

    /** How long a read waits for a broker's answer. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Services services;

    AccountRoutes(Services services) {
        this.services = services;
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(Route.get("/accounts", VIEWER).tag("accounts").summary("Every account with its broker type and health")
                .answers(Shape.listOf(Views.AccountView.class))
                .handle(call -> Reply.ok(services.registry().accounts().stream().map(AccountRoutes::view).toList())));
        routes.add(Route.get("/accounts/{account}", VIEWER).tag("accounts").summary("One account with its broker type and health")
                .path("account", "the account id").answers(Shape.of(Views.AccountView.class))
                .handle(call -> Reply.ok(view(account(call)))));
        routes.add(Route.get("/accounts/{account}/health", VIEWER).tag("accounts").summary("The account's health after its last check")
                .answers(Shape.of(AccountHealth.class)).handle(call -> Reply.ok(account(call).health())));
        routes.add(Route.get("/accounts/{account}/capabilities", VIEWER).tag("accounts")
                .summary("What the account can do: capability flags, time in force per order type, trading sessions")
                .answers(Shape.of(Views.CapabilitiesView.class)).handle(call -> {
                    BrokerCapabilities c = account(call).capabilities();
                    return Reply.ok(new Views.CapabilitiesView(c.features(), c.timeInForce(), c.sessions()));
                }));
        routes.add(Route.get("/accounts/{account}/instruments", VIEWER).tag("accounts")
                .summary("The instruments the account trades, with precision, size limits, margin and pip")
                .answers(Shape.listOf(Instrument.class))
                .handle(call -> Reply.ok(List.copyOf(account(call).capabilities().instruments().values()))));
        routes.add(Route.get("/accounts/{account}/summary", VIEWER).tag("accounts")
                .summary("Balance, net asset value, unrealized P/L, margin used and available (asks the broker)")
                .answers(Shape.of(UnifiedAccountSummary.class))
                .handle(call -> Reply.ok(await(account(call).adapter().accountSummary()))));
        routes.add(Route.get("/accounts/{account}/positions", VIEWER).tag("accounts").summary("Open positions per side (asks the broker)")
                .answers(Shape.listOf(UnifiedPosition.class))
                .handle(call -> Reply.ok(await(account(call).adapter().positions()))));
        routes.add(Route.get("/accounts/{account}/metrics", VIEWER).tag("accounts")
                .summary("Calls, errors by code and latency percentiles per operation; order outcomes, fill rate, slippage")
                .query("since", false, "ISO-8601 start of the window (default: since the account was registered)")
                .answers(Shape.of(AccountMetrics.class))
                .handle(call -> Reply.ok(account(call).metrics(call.queryInstant("since").orElse(Instant.EPOCH)))));
        return routes;
    }

    private BrokerAccount account(ApiCall call) {
        return services.registry().requireAccount(call.path("account"));
    }

    static Views.AccountView view(BrokerAccount account) {
        return new Views.AccountView(account.accountId(), account.brokerType(), account.health());
    }

    /** Waits for a broker call; its StandardBrokerError comes out as is, to become a problem document with its code. */
    static <T> T await(CompletionStage<T> stage) throws InterruptedException {
        try {
            return stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw StandardBrokerError.from(e.getCause());
        } catch (TimeoutException e) {
            throw new StandardBrokerError(ErrorCode.TIMEOUT,
                    "no answer from the broker within " + CALL_TIMEOUT.toSeconds() + " s");
        }
    }
}
