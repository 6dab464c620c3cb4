package io.multibroker.registry;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthChange;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects each active account off the DS thread and checks it every {@code health.interval.seconds}: its own health report,
 * made DEGRADED by a slow answer, a refused configuration or a broker-side error rate above the threshold; DOWN accounts are
 * connected again, unless what failed was their credentials or configuration. A change of status is published.
 */
final class HealthMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final AccountTable table;
    private final RegistryEvents events;
    private final CapabilityWatch capabilities;
    private final OrderEventRouting orderEvents;
    private final ScheduledExecutorService scheduler;
    private final Supplier<RegistryConfig> config;
    private final Function<String, List<ConfigurationViolation>> refusals;
    private final HealthHistory history = new HealthHistory();
    private ScheduledFuture<?> task;

    HealthMonitor(AccountTable table, RegistryEvents events, CapabilityWatch capabilities, OrderEventRouting orderEvents,
            ScheduledExecutorService scheduler, Supplier<RegistryConfig> config, Function<String, List<ConfigurationViolation>> refusals) {
        this.table = table;
        this.events = events;
        this.capabilities = capabilities;
        this.orderEvents = orderEvents;
        this.scheduler = scheduler;
        this.config = config;
        this.refusals = refusals;
    }

    /** (Re)starts the periodic check at the configured interval. */
    synchronized void schedule() {
        if (task != null) {
            task.cancel(false);
        }
        long interval = config.get().health_interval_seconds();
        task = scheduler.scheduleWithFixedDelay(this::checkAll, interval, interval, TimeUnit.SECONDS);
    }

    /** Connects the account: capabilities looked at, order events followed, orders reconciled, then checked. */
    void connect(AccountEntry entry) {
        if (!table.isActive(entry)) {
            return;
        }
        Instant start = Instant.now();
        int timeout = config.get().connect_timeout_seconds();
        try {
            entry.metered.connect().toCompletableFuture().get(timeout, TimeUnit.SECONDS);
            capabilities.refresh(entry, "connect");
            // events first, so that nothing that happens while the journal is reconciled is missed
            orderEvents.start(entry);
            Optional<AccountHealth> notReconciled = orderEvents.reconcile(entry);
            if (notReconciled.isPresent()) {
                setHealth(entry, notReconciled.get());
                return;
            }
            check(entry);
        } catch (TimeoutException e) {
            setHealth(entry, new AccountHealth(HealthStatus.DOWN, "no connection within " + timeout + " s",
                    ErrorCode.TIMEOUT, Duration.between(start, Instant.now()), Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            StandardBrokerError error = StandardBrokerError.from(e);
            // failed authentication is an operator's problem: DOWN with the reason, never a crash
            setHealth(entry, new AccountHealth(HealthStatus.DOWN, error.brokerMessage(), error.code(),
                    Duration.between(start, Instant.now()), Instant.now()));
            LOG.warn("account {} could not connect: {}", entry.accountId(), error.detail());
        }
    }

    /** Checks every active account now; also what the periodic task runs. */
    void checkAll() {
        for (BrokerAccount account : table.accounts()) {
            AccountEntry entry = (AccountEntry) account;
            HealthStatus status = entry.health().status();
            if (status == HealthStatus.STOPPED || status == HealthStatus.CONNECTING) {
                continue;
            }
            ErrorCode code = entry.health().code();
            if (status == HealthStatus.DOWN && code != null && connectFailure(code)) {
                // credentials or configuration are wrong: retrying cannot help until the configuration changes
                continue;
            }
            try {
                if (status == HealthStatus.DOWN) {
                    connect(entry);
                } else {
                    capabilities.refresh(entry, "refresh");
                    check(entry);
                }
            } catch (RuntimeException e) {
                LOG.error("health check of {} failed", entry.accountId(), e);
            }
        }
    }

    /** Looks at a trading account again at once (its configuration was refused or fixed). */
    void recheck(String accountId) {
        table.account(accountId).ifPresent(entry -> scheduler.execute(() -> {
            if (entry.health().status() == HealthStatus.UP || entry.health().status() == HealthStatus.DEGRADED) {
                check(entry);
            }
        }));
    }

    private static boolean connectFailure(ErrorCode code) {
        return code == ErrorCode.AUTHENTICATION_FAILED || code == ErrorCode.PERMISSION_DENIED
                || code == ErrorCode.CONFIGURATION_INVALID || code == ErrorCode.ACCOUNT_NOT_FOUND;
    }

    private void check(AccountEntry entry) {
        RegistryConfig settings = config.get();
        long start = System.nanoTime();
        AccountHealth next;
        try {
            HealthReport report = entry.metered.checkHealth().toCompletableFuture().get(settings.health_timeout_seconds(), TimeUnit.SECONDS);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            HealthStatus status = report.status();
            String reason = report.reason();
            if (status == HealthStatus.UP && latency.toMillis() > settings.degraded_latency_ms()) {
                status = HealthStatus.DEGRADED;
                reason = "health check took " + latency.toMillis() + " ms (threshold " + settings.degraded_latency_ms() + " ms)";
            }
            List<ConfigurationViolation> refusal = refusals.apply(entry.accountId());
            if (status == HealthStatus.UP && !refusal.isEmpty()) {
                status = HealthStatus.DEGRADED;
                reason = ConfigFileWatch.reason(refusal);
            }
            CallWindow.Totals window = entry.window.totals(Instant.now().getEpochSecond());
            if (status == HealthStatus.UP && window.calls() >= settings.error_rate_min_calls()
                    && window.errors() > settings.error_rate_threshold() * window.calls()) {
                status = HealthStatus.DEGRADED;
                reason = String.format(Locale.ROOT, "error rate %.0f%% (%d of %d calls) over the last %d s, threshold %.0f%%",
                        100.0 * window.errors() / window.calls(), window.errors(), window.calls(), entry.window.seconds(),
                        100 * settings.error_rate_threshold());
            }
            next = new AccountHealth(status, reason, report.code(), latency, Instant.now());
        } catch (TimeoutException e) {
            next = new AccountHealth(HealthStatus.DOWN, "no health answer within " + settings.health_timeout_seconds() + " s",
                    ErrorCode.TIMEOUT, Duration.ofNanos(System.nanoTime() - start), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            StandardBrokerError error = StandardBrokerError.from(e);
            next = new AccountHealth(HealthStatus.DOWN, error.brokerMessage(), error.code(),
                    Duration.ofNanos(System.nanoTime() - start), Instant.now());
        }
        setHealth(entry, next);
    }

    void setHealth(AccountEntry entry, AccountHealth next) {
        if (!table.isActive(entry)) {
            return;
        }
        AccountHealth previous = entry.health(next);
        history.record(entry.accountId(), previous, next);
        if (previous.status() != next.status()) {
            LOG.info("account {} is {}{}", entry.accountId(), next.status(), next.reason() == null ? "" : ": " + next.reason());
            Map<String, Object> event = new HashMap<>();
            event.put("account.id", entry.accountId());
            event.put("status", next.status().name());
            event.put("previous", previous.status().name());
            if (next.reason() != null) {
                event.put("reason", next.reason());
            }
            events.publish(BrokerRegistry.TOPIC_HEALTH_CHANGED, event);
        }
    }

    /** The account's changes of health status, oldest first. */
    List<HealthChange> history(String accountId) {
        return history.of(accountId);
    }
}
