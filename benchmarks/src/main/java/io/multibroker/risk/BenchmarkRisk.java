package io.multibroker.risk;

import io.multibroker.api.BrokerRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** The real risk engine with every limit an order is checked against set (except the order rates), for the benchmarks. */
public final class BenchmarkRisk {

    private BenchmarkRisk() {
    }

    /**
     * Limits the benchmark's orders stay well inside: order units and notional, position units and notional, open orders,
     * the price collar (for the account and globally). The order rates are left out: at millions of orders a second any
     * real rate limit refuses, and its check is one comparison with the oldest time in a ring.
     */
    public static RiskEngine engine(BrokerRegistry registry, Path directory, String accountId) {
        RiskEngine engine = new RiskEngine(Map.of("max.order.units", "1000000", "max.order.notional", "10000000",
                "max.position.units", "100000000", "max.position.notional", "1000000000", "price.collar.percent", "5"),
                registry, account -> false, directory, Clock.systemUTC(), System::nanoTime);
        engine.accountLimits(accountId, Map.of("account.id", accountId, "max.order.units", "500000", "max.open.orders", "100",
                "max.position.units", "50000000", "instrument.limits", "EUR_USD:max.position.notional=900000000"));
        AccountRisk account = engine.book().account(accountId);
        account.currency = "USD";
        account.quoted.add("EUR_USD");
        account.quotes.put("EUR_USD", Quote.of(new BigDecimal("1.10000")));
        return engine;
    }

    public static void stop(RiskEngine engine) {
        engine.deactivate();
    }
}
