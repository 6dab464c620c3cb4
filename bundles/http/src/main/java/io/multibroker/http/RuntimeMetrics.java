package io.multibroker.http;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.risk.RiskStatus;
import io.multibroker.api.risk.TradingState;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The runtime's figures in the Prometheus text format, read from the registry, the experiments and the journal at
 * each scrape (they already keep them: nothing is counted twice), and the API's own requests and streams.
 *
 * <p>The registry keeps each operation's latency in an HDR histogram and hands out its percentiles, not its buckets:
 * broker latencies are therefore a Prometheus summary (quantiles 0.5, 0.9, 0.99, 0.999 since the account was
 * registered). The API's own request durations are a histogram with buckets.
 */
final class RuntimeMetrics {

    /** Open orders read from the journal at each scrape, at most. */
    private static final int JOURNAL_SCAN_LIMIT = 10_000;

    private final Services services;
    private final HttpMetrics http;
    private final OrderEventHub hub;
    private final IntSupplier priceStreams;
    private final Clock clock;

    RuntimeMetrics(Services services, HttpMetrics http, OrderEventHub hub, IntSupplier priceStreams, Clock clock) {
        this.services = services;
        this.http = http;
        this.hub = hub;
        this.priceStreams = priceStreams;
        this.clock = clock;
    }

    String scrape() {
        PrometheusText text = new PrometheusText();
        accounts(text);
        services.experiments().ifPresent(experiments -> experiments(text, experiments));
        services.journal().ifPresent(journal -> journal(text, journal));
        services.risk().ifPresent(risk -> risk(text, risk));
        api(text);
        return text.toString();
    }

    private void accounts(PrometheusText text) {
        var accounts = services.registry().accounts();
        text.family("multibroker_account_health", "gauge", "1 for the account's health status after its last check, 0 for the others");
        for (BrokerAccount account : accounts) {
            HealthStatus now = account.health().status();
            for (HealthStatus status : HealthStatus.values()) {
                text.sample("multibroker_account_health", status == now ? 1 : 0, "account", account.accountId(),
                        "type", account.brokerType(), "status", status.name());
            }
        }
        text.family("multibroker_account_takes_orders", "gauge", "1 when the account takes orders now (UP or DEGRADED), 0 otherwise");
        for (BrokerAccount account : accounts) {
            HealthStatus now = account.health().status();
            text.sample("multibroker_account_takes_orders", now == HealthStatus.UP || now == HealthStatus.DEGRADED ? 1 : 0,
                    "account", account.accountId());
        }
        text.family("multibroker_account_health_check_seconds", "gauge", "how long the account's last health check took");
        for (BrokerAccount account : accounts) {
            Duration latency = account.health().lastCheckLatency();
            if (latency != null) {
                text.sample("multibroker_account_health_check_seconds", seconds(latency), "account", account.accountId());
            }
        }
        Map<String, AccountMetrics> metrics = new LinkedHashMap<>();
        for (BrokerAccount account : accounts) {
            metrics.put(account.accountId(), account.metrics(Instant.EPOCH));
        }
        text.family("multibroker_broker_calls_total", "counter", "calls to the account's broker by operation");
        metrics.forEach((id, m) -> m.operations().values().forEach(op ->
                text.sample("multibroker_broker_calls_total", op.calls(), "account", id, "operation", op.operation())));
        text.family("multibroker_broker_errors_total", "counter", "failed calls by operation and unified error code");
        metrics.forEach((id, m) -> m.operations().values().forEach(op -> op.errors().forEach((code, count) ->
                text.sample("multibroker_broker_errors_total", count, "account", id, "operation", op.operation(), "code", code.name()))));
        text.family("multibroker_broker_latency_seconds", "summary", "latency of calls to the broker by operation, since the account was registered");
        metrics.forEach((id, m) -> m.operations().values().forEach(op -> latency(text, id, op)));
        text.family("multibroker_orders_total", "counter", "orders sent to the account by the status of their first answer");
        metrics.forEach((id, m) -> m.orders().byStatus().forEach((status, count) ->
                text.sample("multibroker_orders_total", count, "account", id, "outcome", status.name())));
        text.family("multibroker_order_slippage_pips_mean", "gauge", "mean slippage of fills whose order carried the price the caller saw");
        metrics.forEach((id, m) -> {
            if (m.orders().slippageSamples() > 0 && m.orders().meanSlippagePips() != null) {
                text.sample("multibroker_order_slippage_pips_mean", m.orders().meanSlippagePips().doubleValue(), "account", id);
            }
        });
    }

    private static void latency(PrometheusText text, String account, OperationMetrics op) {
        String[][] quantiles = {{"0.5", null}, {"0.9", null}, {"0.99", null}, {"0.999", null}};
        Duration[] values = {op.p50(), op.p90(), op.p99(), op.p999()};
        for (int i = 0; i < quantiles.length; i++) {
            if (values[i] != null) {
                text.sample("multibroker_broker_latency_seconds", seconds(values[i]), "account", account, "operation", op.operation(),
                        "quantile", quantiles[i][0]);
            }
        }
        text.sample("multibroker_broker_latency_seconds_count", op.calls(), "account", account, "operation", op.operation());
    }

    private static void experiments(PrometheusText text, ExperimentService experiments) {
        text.family("multibroker_outcome_store_backlog", "gauge", "experiment outcomes queued for the outcome store and not yet committed");
        text.sample("multibroker_outcome_store_backlog", experiments.outcomeBacklog());
        var all = experiments.experiments();
        text.family("multibroker_experiment_orders_total", "counter", "orders of the experiment recorded per arm (main comparison)");
        for (ExperimentInfo info : all) {
            experiments.recordedOutcomes(info.name(), false).forEach((arm, count) ->
                    text.sample("multibroker_experiment_orders_total", count, "experiment", info.name(), "arm", arm));
        }
        text.family("multibroker_experiment_overrides_total", "counter", "orders recorded per arm that their assigned arm could not take");
        for (ExperimentInfo info : all) {
            experiments.recordedOutcomes(info.name(), true).forEach((arm, count) ->
                    text.sample("multibroker_experiment_overrides_total", count, "experiment", info.name(), "arm", arm));
        }
        text.family("multibroker_experiment_allocation_ratio", "gauge", "each arm's share of new orders now");
        for (ExperimentInfo info : all) {
            experiments.allocation(info.name()).forEach((arm, basisPoints) ->
                    text.sample("multibroker_experiment_allocation_ratio", basisPoints / 10_000.0, "experiment", info.name(), "arm", arm));
        }
        text.family("multibroker_experiment_running", "gauge", "1 while the experiment routes orders");
        for (ExperimentInfo info : all) {
            text.sample("multibroker_experiment_running", info.running() ? 1 : 0, "experiment", info.name());
        }
    }

    private void journal(PrometheusText text, OrderJournal journal) {
        List<JournalOrder> open = journal.orders(new JournalQuery(null, JournalQuery.Scope.OPEN, null, JOURNAL_SCAN_LIMIT));
        text.family("multibroker_journal_open_orders", "gauge", "orders the journal holds open: resting, partially filled, unanswered or unknown (counted up to 10000)");
        text.sample("multibroker_journal_open_orders", open.size());
        text.family("multibroker_journal_unknown_orders", "gauge", "orders whose outcome is unknown and being looked up");
        text.sample("multibroker_journal_unknown_orders", journal.orders(new JournalQuery(null, JournalQuery.Scope.UNKNOWN, null, JOURNAL_SCAN_LIMIT)).size());
        // the journal's lag: orders sent (their intent written) whose outcome the runtime does not know yet, either
        // because no answer came (yet) or because the answer was UNKNOWN and the background check still looks
        Map<String, Instant> oldestPending = new LinkedHashMap<>();
        Map<String, Integer> pending = new LinkedHashMap<>();
        for (JournalOrder order : open) {
            if (order.status() == null || order.status() == OrderStatus.UNKNOWN) {
                pending.merge(order.accountId(), 1, Integer::sum);
                oldestPending.merge(order.accountId(), order.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        text.family("multibroker_journal_pending_outcome_orders", "gauge",
                "orders sent whose outcome is not known yet (no answer, or UNKNOWN and being looked up), per account");
        pending.forEach((account, count) -> text.sample("multibroker_journal_pending_outcome_orders", count, "account", account));
        text.family("multibroker_journal_oldest_pending_outcome_age_seconds", "gauge",
                "how long the oldest order whose outcome is not known yet has waited for it, per account (absent when none waits)");
        Instant now = clock.instant();
        // an entry stamped by another clock a little ahead is waiting for no time, not for a negative one
        oldestPending.forEach((account, since) -> text.sample("multibroker_journal_oldest_pending_outcome_age_seconds",
                Math.max(0, seconds(Duration.between(since, now))), "account", account));
        text.family("multibroker_journal_unresolved_orders", "gauge", "orders whose unknown outcome outlived the background check: an operator must decide");
        text.sample("multibroker_journal_unresolved_orders", journal.unresolved().size());
        Optional<Instant> latest = journal.recentEntries(null, null, 1).stream().findFirst().map(e -> e.recordedAt());
        text.family("multibroker_journal_last_entry_timestamp_seconds", "gauge", "when the journal last recorded an entry (Unix time)");
        latest.ifPresent(at -> text.sample("multibroker_journal_last_entry_timestamp_seconds", at.toEpochMilli() / 1000.0));
    }

    /**
     * The risk layer's trading state, the way Prometheus writes an enumeration: one sample per state, 1 for the one in
     * force. For an account that is the stricter of its own state and the global one (what its orders meet). The accounts
     * are those the risk layer reports: once it has checked one of their orders or resumed them. An account it does not
     * report yet gets no sample rather than a guessed one (it could have been halted before its first order).
     */
    private static void risk(PrometheusText text, RiskControl risk) {
        List<RiskStatus> statuses = risk.status();
        TradingState global = statuses.stream().filter(status -> status.accountId() == null).map(RiskStatus::state).findFirst()
                .orElse(TradingState.ACTIVE);
        text.family("multibroker_risk_global_trading_state", "gauge", "1 for the runtime-wide trading state (ACTIVE, REDUCING, HALTED), 0 for the others");
        for (TradingState state : TradingState.values()) {
            text.sample("multibroker_risk_global_trading_state", state == global ? 1 : 0, "state", state.name());
        }
        text.family("multibroker_risk_trading_state", "gauge",
                "1 for the trading state in force for the account (the stricter of its own and the global one), 0 for the others");
        for (RiskStatus status : statuses) {
            if (status.accountId() == null) {
                continue;
            }
            TradingState inForce = status.state().stricter(global);
            for (TradingState state : TradingState.values()) {
                text.sample("multibroker_risk_trading_state", state == inForce ? 1 : 0, "account", status.accountId(), "state", state.name());
            }
        }
        text.family("multibroker_risk_limit_problems", "gauge", "problems with the scope's limits, as risk status lists them: an invalid configuration (every order refused) or a "
                + "refused newer one (the one before stays in force)");
        for (RiskStatus status : statuses) {
            text.sample("multibroker_risk_limit_problems", status.problems().size(), "scope", status.accountId() == null ? "global" : status.accountId());
        }
    }

    private void api(PrometheusText text) {
        text.family("multibroker_http_requests_total", "counter", "HTTP API requests by operation and status");
        http.requests().forEach((key, count) -> text.sample("multibroker_http_requests_total", count.sum(), "method", key.method(),
                "route", key.route(), "status", Integer.toString(key.status())));
        text.family("multibroker_http_request_duration_seconds", "histogram", "HTTP API request durations by operation (event streams: until they start)");
        http.durations().forEach((operation, histogram) -> {
            String[] parts = operation.split(" ", 2);
            for (int i = 0; i < HttpMetrics.BUCKETS.length; i++) {
                text.sample("multibroker_http_request_duration_seconds_bucket", histogram.cumulative(i), "method", parts[0],
                        "route", parts[1], "le", PrometheusText.number(HttpMetrics.BUCKETS[i]));
            }
            text.sample("multibroker_http_request_duration_seconds_bucket", histogram.count.sum(), "method", parts[0], "route", parts[1], "le", "+Inf");
            text.sample("multibroker_http_request_duration_seconds_sum", histogram.sum.sum(), "method", parts[0], "route", parts[1]);
            text.sample("multibroker_http_request_duration_seconds_count", histogram.count.sum(), "method", parts[0], "route", parts[1]);
        });
        text.family("multibroker_http_event_streams", "gauge", "open Server-Sent Event streams");
        text.sample("multibroker_http_event_streams", hub.followers(), "stream", "orders");
        text.sample("multibroker_http_event_streams", priceStreams.getAsInt(), "stream", "prices");
        text.family("multibroker_order_events_total", "counter", "order events the runtime published since the HTTP API started");
        text.sample("multibroker_order_events_total", hub.published());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
