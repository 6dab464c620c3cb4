package io.multibroker.journal;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
        String key = order.accountId() + '\u0000' + order.clientOrderId();
        if (order.unresolved() || !watched.add(key)) {
            return;
        }
        AtomicInteger lookups = new AtomicInteger();
        // a lookup that finds nothing, or fails, is retried after twice the previous wait, until the horizon
        RetryPolicy<Check> retries = RetryPolicy.<Check>builder()
                .handle(Throwable.class)
                .handleResultIf(check -> check.kind() == Check.Kind.NOT_YET)
                .withBackoff(settings.firstCheck(), settings.maxWait(), 2.0)
                .withMaxRetries(-1)
                .withMaxDuration(settings.horizon())
                .build();
        try {
            scheduler.schedule(() -> Failsafe.with(retries).with(scheduler)
                    .getStageAsync(() -> check(order.accountId(), order.clientOrderId(), lookups))
                    .whenComplete((check, failure) -> finish(key, order, check, failure, lookups.get())),
                    settings.firstCheck().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the journal is closing: the next start's reconciliation takes the order up again
            watched.remove(key);
        }
    }

    /** How many orders are being checked now. */
    int watching() {
        return watched.size();
    }

    /** What one background check found. */
    private record Check(Kind kind, JournalOrder order, OrderResult result, String reason) {
        enum Kind { NOT_YET, FOUND, RESOLVED_MEANWHILE, CANNOT_LOOK_UP }
    }

    private CompletionStage<Check> check(String accountId, String clientOrderId, AtomicInteger lookups) {
        Optional<JournalOrder> found = book.find(accountId, clientOrderId);
        if (found.isEmpty() || (found.get().status() != null && found.get().status() != OrderStatus.UNKNOWN)) {
            // resolved meanwhile (an event, a reconciliation, an answer to a lookup)
            return CompletableFuture.completedFuture(new Check(Check.Kind.RESOLVED_MEANWHILE, null, null, null));
        }
        JournalOrder order = found.get();
        Optional<BrokerAdapter> adapter = adapters.apply(accountId);
        if (adapter.isEmpty()) {
            return CompletableFuture.completedFuture(new Check(Check.Kind.NOT_YET, order, null, null));
        }
        if (order.brokerOrderId() == null && !adapter.get().capabilities().has(BrokerCapability.CLIENT_ORDER_ID_LOOKUP)) {
            return CompletableFuture.completedFuture(new Check(Check.Kind.CANNOT_LOOK_UP, order, null,
                    "the broker cannot look an order up by client order id, and this one has no broker id: decide by hand"));
        }
        lookups.incrementAndGet();
        return lookup(adapter.get(), order).toCompletableFuture().orTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(result -> result.isPresent() && result.get().status() != OrderStatus.UNKNOWN
                        ? new Check(Check.Kind.FOUND, order, result.get(), null)
                        : new Check(Check.Kind.NOT_YET, order, null, null));
    }

    /** After the last check: resolved by the broker's record, or flagged for the operator (never resent). */
    private void finish(String key, JournalOrder watchedOrder, Check check, Throwable failure, int lookups) {
        if (check != null && check.kind() == Check.Kind.FOUND) {
            resolve(check.order(), check.result(), lookups);
        } else if (check != null && check.kind() == Check.Kind.CANNOT_LOOK_UP) {
            giveUp(check.order(), check.reason());
        } else if (check != null && check.kind() == Check.Kind.RESOLVED_MEANWHILE || closing(failure)) {
            // resolved meanwhile; or the journal is closing, and the next start's reconciliation takes the order up again
            watched.remove(key);
        } else {
            if (failure != null) {
                LOG.debug("last lookup of unknown order {} at {} failed: {}", watchedOrder.clientOrderId(), watchedOrder.accountId(),
                        failure.toString());
            }
            JournalOrder order = check != null && check.order() != null ? check.order() : watchedOrder;
            giveUp(order, "no broker record of the order after " + lookups + " lookups over " + hours(settings.horizon())
                    + ": decide by hand (never resent)");
        }
    }

    private static boolean closing(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedExecutionException) {
                return true;
            }
        }
        return false;
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
