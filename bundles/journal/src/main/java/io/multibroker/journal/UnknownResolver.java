package io.multibroker.journal;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks an order whose outcome is unknown up again in the background (by its broker id when it has one, else by its
 * client order id, which brokers answer from their whole order history), waiting twice as long after each lookup that
 * finds nothing, until the broker's record resolves it or the horizon passes; then the order is flagged unresolved for
 * the operator. It is never resent.
 */
final class UnknownResolver {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownResolver.class);

    private final JournalBook book;
    private final Function<String, Optional<BrokerAdapter>> adapters;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final Clock clock;
    private final Consumer<JournalOrder> changed;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    /**
     * @param adapters the account's adapter now, if it is registered
     * @param changed told of every order this resolver changed (resolved or flagged), once it is committed
     */
    UnknownResolver(JournalBook book, Function<String, Optional<BrokerAdapter>> adapters, ScheduledExecutorService scheduler,
            Settings settings, Clock clock, Consumer<JournalOrder> changed) {
        this.book = book;
        this.adapters = adapters;
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
        this.changed = changed;
    }

    /** Starts checking the order unless it is being checked already. */
    void watch(JournalOrder order) {
        if (order.unresolved() || !watched.add(order.accountId() + '\u0000' + order.clientOrderId())) {
            return;
        }
        Instant until = clock.instant().plus(settings.horizon());
        schedule(order.accountId(), order.clientOrderId(), 0, until);
    }

    /** How many orders are being checked now. */
    int watching() {
        return watched.size();
    }

    private void schedule(String accountId, String clientOrderId, int attempt, Instant until) {
        try {
            scheduler.schedule(() -> check(accountId, clientOrderId, attempt, until), settings.waitBefore(attempt).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the journal is closing: the next start's reconciliation takes the order up again
            watched.remove(accountId + '\u0000' + clientOrderId);
        }
    }

    private void check(String accountId, String clientOrderId, int attempt, Instant until) {
        Optional<JournalOrder> found = book.find(accountId, clientOrderId);
        if (found.isEmpty() || (found.get().status() != null && found.get().status() != OrderStatus.UNKNOWN)) {
            // resolved meanwhile (an event, a reconciliation, an answer to a lookup)
            watched.remove(accountId + '\u0000' + clientOrderId);
            return;
        }
        JournalOrder order = found.get();
        if (!clock.instant().isBefore(until)) {
            giveUp(order, "no broker record of the order after " + attempt + " lookups over " + hours(settings.horizon())
                    + ": decide by hand (never resent)");
            return;
        }
        Optional<BrokerAdapter> adapter = adapters.apply(accountId);
        if (adapter.isEmpty()) {
            schedule(accountId, clientOrderId, attempt + 1, until);
            return;
        }
        if (order.brokerOrderId() == null && !adapter.get().capabilities().has(BrokerCapability.CLIENT_ORDER_ID_LOOKUP)) {
            giveUp(order, "the broker cannot look an order up by client order id, and this one has no broker id: decide by hand");
            return;
        }
        lookup(adapter.get(), order).toCompletableFuture().orTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> {
                    if (failure == null && result.isPresent() && result.get().status() != OrderStatus.UNKNOWN) {
                        resolve(order, result.get(), attempt + 1);
                    } else {
                        if (failure != null) {
                            LOG.debug("lookup of unknown order {} at {} failed: {}", clientOrderId, accountId, failure.toString());
                        }
                        schedule(accountId, clientOrderId, attempt + 1, until);
                    }
                });
    }

    private static CompletionStage<Optional<OrderResult>> lookup(BrokerAdapter adapter, JournalOrder order) {
        if (order.brokerOrderId() != null) {
            return adapter.getOrder(order.brokerOrderId()).thenApply(Optional::of);
        }
        return adapter.findOrderByClientId(order.clientOrderId());
    }

    private void resolve(JournalOrder order, OrderResult result, int lookups) {
        String reason = "resolved by the background check (" + lookups + (lookups == 1 ? " lookup" : " lookups") + "): " + result.status();
        book.apply(order.accountId(), order.clientOrderId(), null,
                current -> current.flatMap(known -> OrderStates.answer(known, result, true, reason, clock.instant())))
                .whenComplete((resolved, failure) -> {
                    watched.remove(order.accountId() + '\u0000' + order.clientOrderId());
                    if (failure != null) {
                        LOG.error("the resolution of order {} at {} ({}) could not be journalled: {}", order.clientOrderId(),
                                order.accountId(), result.status(), failure.toString());
                    } else {
                        LOG.info("order {} at {}: {}", order.clientOrderId(), order.accountId(), reason);
                        resolved.ifPresent(changed);
                    }
                });
    }

    private void giveUp(JournalOrder order, String reason) {
        LOG.error("order {} at {} is unresolved: {}", order.clientOrderId(), order.accountId(), reason);
        book.apply(order.accountId(), order.clientOrderId(), null,
                current -> current.map(known -> OrderStates.unresolved(known, reason, clock.instant())))
                .whenComplete((flagged, failure) -> {
                    watched.remove(order.accountId() + '\u0000' + order.clientOrderId());
                    if (failure == null) {
                        flagged.ifPresent(changed);
                    }
                });
    }

    private static String hours(Duration horizon) {
        return horizon.toHours() >= 1 ? horizon.toHours() + " h" : horizon.toMillis() + " ms";
    }
}
