package io.multibroker.registry;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.api.support.OrderEventFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order journal (an optional service) and order events: each connected account's adapter events are handed to the
 * account's and the merged subscribers and to EventAdmin, then journalled; the journal's own events (its reconciliations)
 * are handed on alike; an account is reconciled with the journal before it takes orders, and again after a gap.
 */
final class OrderEventRouting {

    private static final Logger LOG = LoggerFactory.getLogger(OrderEventRouting.class);
    private static final int EVENT_BUFFER = 4096;

    private final AccountTable table;
    private final RegistryEvents events;
    private final ScheduledExecutorService scheduler;
    private final IntSupplier connectTimeoutSeconds;
    private final OrderEventFanout merged;
    private volatile OrderJournal journal;
    private volatile OrderEventFeed journalFeed;

    OrderEventRouting(AccountTable table, RegistryEvents events, ScheduledExecutorService scheduler, ExecutorService delivery,
            IntSupplier connectTimeoutSeconds) {
        this.table = table;
        this.events = events;
        this.scheduler = scheduler;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
        this.merged = new OrderEventFanout("*", delivery, EVENT_BUFFER);
    }

    OrderJournal journal() {
        return journal;
    }

    void bind(OrderJournal bound) {
        OrderEventFeed feed = new OrderEventFeed("the order journal", bound::events, this::deliver, merged::publishGap, scheduler);
        OrderEventFeed previous = journalFeed;
        journalFeed = feed;
        this.journal = bound;
        if (previous != null) {
            previous.close();
        }
        feed.start();
        // accounts that connected before the journal came: reconciled now, while they trade; and those connecting now,
        // which may have passed their own reconciliation before the journal was here (the journal joins two at once)
        for (BrokerAccount account : table.accounts()) {
            HealthStatus status = account.health().status();
            if (status.routable() || status == HealthStatus.CONNECTING) {
                scheduler.execute(() -> reconcileInBackground((AccountEntry) account, "the order journal started"));
            }
        }
    }

    void unbind(OrderJournal unbound) {
        if (this.journal == unbound) {
            this.journal = null;
            OrderEventFeed feed = journalFeed;
            journalFeed = null;
            if (feed != null) {
                feed.close();
            }
        }
    }

    void close() {
        OrderEventFeed feed = journalFeed;
        if (feed != null) {
            feed.close();
        }
        table.entries().forEach(this::stop);
        merged.closeAll();
    }

    Flow.Publisher<OrderEvent> publisher() {
        return merged.publisher();
    }

    /** Subscribes to the adapter's order events once, when the account has connected. */
    void start(AccountEntry entry) {
        if (entry.eventFeed != null || !entry.raw.capabilities().has(BrokerCapability.ORDER_EVENTS)) {
            return;
        }
        OrderEventFeed feed = new OrderEventFeed(entry.accountId(), entry.raw::orderEvents, this::adapterEvent, reason -> {
            entry.metered.publishGap(reason);
            merged.publishGap(reason);
            scheduler.execute(() -> reconcileInBackground(entry, reason));
        }, scheduler);
        entry.eventFeed = feed;
        feed.start();
    }

    void stop(AccountEntry entry) {
        OrderEventFeed feed = entry.eventFeed;
        if (feed != null) {
            feed.close();
            entry.eventFeed = null;
        }
        entry.metered.closeEvents();
    }

    /**
     * Reconciles a connected account with the journal before it takes orders: empty when done (or there is no journal), the
     * account's DOWN health when that fails or takes longer than the connect timeout (the health check tries again).
     */
    Optional<AccountHealth> reconcile(AccountEntry entry) {
        OrderJournal current = journal;
        if (current == null) {
            return Optional.empty();
        }
        Instant start = Instant.now();
        int timeout = connectTimeoutSeconds.getAsInt();
        AccountHealth failed = null;
        try {
            current.reconcile(entry.metered).toCompletableFuture().get(timeout, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            failed = new AccountHealth(HealthStatus.DOWN, "the reconciliation of its orders with the journal took longer than " + timeout
                    + " s", ErrorCode.TIMEOUT, Duration.between(start, Instant.now()), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            StandardBrokerError error = StandardBrokerError.from(e);
            failed = new AccountHealth(HealthStatus.DOWN, "the reconciliation of its orders with the journal failed: "
                    + error.brokerMessage(), error.code(), Duration.between(start, Instant.now()), Instant.now());
        }
        LOG.warn("account {} takes no orders until its orders are reconciled", entry.accountId());
        return Optional.of(failed != null ? failed : entry.health());
    }

    private void reconcileInBackground(AccountEntry entry, String why) {
        OrderJournal current = journal;
        if (current == null || !table.isActive(entry)) {
            return;
        }
        LOG.info("account {}: reconciling its orders with the journal ({})", entry.accountId(), why);
        current.reconcile(entry.metered);
    }

    /**
     * An event of an adapter: handed on, then journalled (queued in order with the answers; committed with the next
     * group), so that a subscriber never waits for the journal.
     */
    private void adapterEvent(OrderEvent event) {
        deliver(event);
        OrderJournal current = journal;
        if (current != null) {
            current.event(event).whenComplete((written, failure) -> {
                if (failure != null) {
                    LOG.error("order event {} of {} at {} could not be journalled: {}", event.kind(), event.clientOrderId(),
                            event.accountId(), failure.toString());
                }
            });
        }
    }

    /** Hands an event to the account's subscribers, the merged subscribers and EventAdmin. */
    private void deliver(OrderEvent event) {
        table.account(event.accountId()).ifPresent(account -> account.metered.publish(event));
        merged.publish(event);
        events.publish(BrokerRegistry.TOPIC_ORDER_PREFIX + event.kind().name(), eventProperties(event));
    }

    static Map<String, Object> eventProperties(OrderEvent event) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("account.id", event.accountId());
        properties.put("kind", event.kind().name());
        properties.put("time", event.time().toString());
        putIfSet(properties, "client.order.id", event.clientOrderId());
        putIfSet(properties, "broker.order.id", event.brokerOrderId());
        putIfSet(properties, "instrument", event.instrument());
        putIfSet(properties, "status", event.status() == null ? null : event.status().name());
        putIfSet(properties, "filled.units", event.filledUnits() == null ? null : event.filledUnits().toPlainString());
        putIfSet(properties, "fill.units", event.fillUnits() == null ? null : event.fillUnits().toPlainString());
        putIfSet(properties, "fill.price", event.fillPrice() == null ? null : event.fillPrice().toPlainString());
        putIfSet(properties, "reason", event.reason());
        putIfSet(properties, "related.order.id", event.relatedOrderId());
        return properties;
    }

    private static void putIfSet(Map<String, Object> properties, String key, String value) {
        if (value != null) {
            properties.put(key, value);
        }
    }
}
