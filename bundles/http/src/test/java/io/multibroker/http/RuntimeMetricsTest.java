package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.risk.HaltReport;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.risk.RiskStatus;
import io.multibroker.api.risk.TradingState;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The journal's lag and the risk states as a Prometheus server reads them: samples in the scraped text. */
class RuntimeMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final List<JournalOrder> openOrders = new ArrayList<>();
    private final List<RiskStatus> risk = new ArrayList<>();

    private final OrderJournal journal = (OrderJournal) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {OrderJournal.class},
            (proxy, method, args) -> {
                if (method.getName().equals("orders")) {
                    JournalQuery query = (JournalQuery) args[0];
                    return openOrders.stream().filter(o -> query.scope() != JournalQuery.Scope.UNKNOWN || o.status() == OrderStatus.UNKNOWN).toList();
                }
                return method.invoke(Empty.of(OrderJournal.class), args);
            });

    private final RiskControl riskControl = new RiskControl() {
        @Override
        public List<RiskStatus> status() {
            return risk;
        }

        @Override
        public CompletionStage<HaltReport> halt(String accountId, String reason, String by, boolean cancelOpen, boolean flatten) {
            throw new UnsupportedOperationException("not scraped");
        }

        @Override
        public RiskStatus resume(String accountId, String reason, String by, boolean live) {
            throw new UnsupportedOperationException("not scraped");
        }
    };

    /** The experiments as the scrape finds them: none, or a service whose outcome store lags by {@link #backlog}. */
    private volatile ExperimentService experiments;
    private volatile int backlog;

    private final Services services = new Services() {
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
            return Optional.ofNullable(experiments);
        }

        @Override
        public Optional<OrderJournal> journal() {
            return Optional.of(journal);
        }

        @Override
        public Optional<ConfigurationHistory> history() {
            return Optional.empty();
        }

        @Override
        public Optional<RiskControl> risk() {
            return Optional.of(riskControl);
        }
    };

    private String scrape() {
        OrderEventHub hub = new OrderEventHub(100, Executors.newSingleThreadExecutor(), Clock.systemUTC());
        return new RuntimeMetrics(services, new HttpMetrics(), hub, () -> 0, Clock.fixed(NOW, ZoneOffset.UTC)).scrape();
    }

    private static JournalOrder order(String account, String id, OrderStatus status, Duration age) {
        return new JournalOrder(account, id, status == null ? null : "B-" + id, "EUR_USD", OrderSide.BUY, OrderType.MARKET, status,
                new BigDecimal("1000"), BigDecimal.ZERO, null, null, "explicit", null, null, false, false, null, NOW.minus(age), NOW.minus(age));
    }

    private static RiskStatus status(String account, TradingState state) {
        return new RiskStatus(account, state, null, null, null, List.of(), List.of());
    }

    @Test
    void theOutcomeStoresLagIsItsBacklog() {
        experiments = (ExperimentService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ExperimentService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "experiments" -> List.of();
                    case "outcomeBacklog" -> backlog;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        backlog = 7;
        String text = scrape();
        assertTrue(text.contains("# TYPE multibroker_outcome_store_backlog gauge\n"), text);
        assertTrue(text.contains("multibroker_outcome_store_backlog 7\n"), text);
        backlog = 0;
        assertTrue(scrape().contains("multibroker_outcome_store_backlog 0\n"));
    }

    @Test
    void theJournalsLagCountsOrdersWithoutAKnownOutcomeAndTheAgeOfTheOldest() {
        openOrders.add(order("paper-fast", "unanswered", null, Duration.ofSeconds(3)));
        openOrders.add(order("paper-fast", "unknown", OrderStatus.UNKNOWN, Duration.ofSeconds(90)));
        openOrders.add(order("paper-fast", "resting", OrderStatus.ACCEPTED, Duration.ofHours(2)));
        openOrders.add(order("paper-slow", "resting-too", OrderStatus.PARTIALLY_FILLED, Duration.ofHours(1)));

        String text = scrape();

        assertTrue(text.contains("multibroker_journal_pending_outcome_orders{account=\"paper-fast\"} 2\n"), text);
        // the resting orders have an outcome (ACCEPTED, PARTIALLY_FILLED): they are open, not lagging
        assertTrue(text.contains("multibroker_journal_oldest_pending_outcome_age_seconds{account=\"paper-fast\"} 90\n"), text);
        assertFalse(text.contains("multibroker_journal_pending_outcome_orders{account=\"paper-slow\"}"), text);
        assertTrue(text.contains("multibroker_journal_open_orders 4\n"), text);
        assertTrue(text.contains("multibroker_journal_unknown_orders 1\n"), text);
        assertTrue(text.contains("# TYPE multibroker_journal_oldest_pending_outcome_age_seconds gauge\n"), text);
    }

    @Test
    void withNothingWaitingTheLagFamiliesAreDeclaredWithoutSamples() {
        openOrders.add(order("paper-fast", "resting", OrderStatus.ACCEPTED, Duration.ofHours(2)));

        String text = scrape();

        assertTrue(text.contains("# TYPE multibroker_journal_pending_outcome_orders gauge\n"), text);
        assertFalse(text.contains("multibroker_journal_pending_outcome_orders{"), text);
        assertFalse(text.contains("multibroker_journal_oldest_pending_outcome_age_seconds{"), text);
    }

    @Test
    void eachAccountShowsTheTradingStateInForceTheStricterOfItsOwnAndTheGlobalOne() {
        risk.add(status(null, TradingState.REDUCING));
        risk.add(status("paper-fast", TradingState.ACTIVE));
        risk.add(status("paper-slow", TradingState.HALTED));

        String text = scrape();

        assertTrue(text.contains("multibroker_risk_global_trading_state{state=\"REDUCING\"} 1\n"), text);
        assertTrue(text.contains("multibroker_risk_global_trading_state{state=\"ACTIVE\"} 0\n"), text);
        // ACTIVE on its own, REDUCING because the whole runtime is
        assertTrue(text.contains("multibroker_risk_trading_state{account=\"paper-fast\",state=\"ACTIVE\"} 0\n"), text);
        assertTrue(text.contains("multibroker_risk_trading_state{account=\"paper-fast\",state=\"REDUCING\"} 1\n"), text);
        assertTrue(text.contains("multibroker_risk_trading_state{account=\"paper-slow\",state=\"HALTED\"} 1\n"), text);
        assertTrue(text.contains("multibroker_risk_trading_state{account=\"paper-slow\",state=\"REDUCING\"} 0\n"), text);
        assertEquals(1, text.lines().filter(line -> line.equals("# TYPE multibroker_risk_trading_state gauge")).count());
    }
}
