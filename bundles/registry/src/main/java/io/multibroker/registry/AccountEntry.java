package io.multibroker.registry;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.cluster.OrderForwarding;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.LatencyMinute;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.support.OrderEventFeed;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/** A registered account as the registry keeps it: the adapter service, its metered handle and its last known health. */
final class AccountEntry implements BrokerAccount {

    final long serviceId;
    final BrokerAdapter raw;
    final MeteredBrokerAdapter metered;
    final boolean enabled;
    private volatile AccountHealth health;

    final CallWindow window;

    /** The registry's subscription to the adapter's order events, once the account has connected; null before. */
    volatile OrderEventFeed eventFeed;

    AccountEntry(long serviceId, BrokerAdapter raw, boolean enabled, int windowSeconds, ErrorLog errors) {
        this(serviceId, raw, enabled, windowSeconds, errors, () -> null, ForkJoinPool.commonPool());
    }

    AccountEntry(long serviceId, BrokerAdapter raw, boolean enabled, int windowSeconds, ErrorLog errors,
            Supplier<OrderJournal> journal, Executor eventDelivery) {
        this(serviceId, raw, enabled, windowSeconds, errors, journal, eventDelivery, () -> null);
    }

    AccountEntry(long serviceId, BrokerAdapter raw, boolean enabled, int windowSeconds, ErrorLog errors,
            Supplier<OrderJournal> journal, Executor eventDelivery, Supplier<PreTradeCheck> preTradeCheck) {
        this(serviceId, raw, enabled, windowSeconds, errors, journal, eventDelivery, preTradeCheck, () -> null);
    }

    AccountEntry(long serviceId, BrokerAdapter raw, boolean enabled, int windowSeconds, ErrorLog errors,
            Supplier<OrderJournal> journal, Executor eventDelivery, Supplier<PreTradeCheck> preTradeCheck,
            Supplier<OrderForwarding> forwarding) {
        this.serviceId = serviceId;
        this.raw = raw;
        this.enabled = enabled;
        this.window = new CallWindow(windowSeconds);
        this.metered = new MeteredBrokerAdapter(raw, this::routable, (operation, error) -> {
            Instant now = Instant.now();
            window.record(now.getEpochSecond(), error == null ? null : error.category());
            if (error != null) {
                errors.record(raw.accountId(), operation, error, now);
            }
        }, journal, eventDelivery, preTradeCheck, forwarding);
        health(enabled ? new AccountHealth(HealthStatus.CONNECTING, "connecting", null, null, Instant.now())
                : new AccountHealth(HealthStatus.STOPPED, "stopped by an operator", null, null, Instant.now()));
    }

    @Override
    public String accountId() {
        return raw.accountId();
    }

    @Override
    public String brokerType() {
        return raw.brokerType();
    }

    @Override
    public BrokerAdapter adapter() {
        return metered;
    }

    @Override
    public BrokerCapabilities capabilities() {
        return raw.capabilities();
    }

    @Override
    public AccountHealth health() {
        return health;
    }

    /**
     * Sets the health; returns the previous one. Synchronized so that two checks that end at once (a periodic one and a
     * recheck) each get the health the other replaced, and a change of status is published once.
     */
    synchronized AccountHealth health(AccountHealth next) {
        AccountHealth previous = health;
        health = next;
        return previous;
    }

    /** Whether the last health set lets orders through. */
    boolean routable() {
        return health.status().routable();
    }

    @Override
    public AccountMetrics metrics(Instant since) {
        return metered.metrics(since);
    }

    @Override
    public List<LatencyMinute> latencyByMinute(String operation) {
        return metered.latencyByMinute(operation);
    }

    @Override
    public String toString() {
        return accountId() + " (" + brokerType() + ", " + health.status() + ")";
    }
}
