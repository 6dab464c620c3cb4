package io.multibroker.journal;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.ReconciliationReport;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Compares what the journal holds open for an account with what its broker holds, when the account connects: each
 * open, unanswered or unknown order is looked up (by broker id, else by client order id) and its broker record
 * journalled as RECONCILED where it differs (a resting order that filled while the runtime was down); each order the
 * broker lists as open that the journal does not know is journalled as ADOPTED and flagged. An order that cannot be
 * found is left UNKNOWN for the background check, never assumed away: an intent without an answer may have reached
 * the broker.
 */
final class Reconciler {

    private final JournalBook book;
    private final UnknownResolver resolver;
    private final Settings settings;
    private final Clock clock;
    /** The reconciliations under way, by account. */
    private final Map<String, CompletableFuture<ReconciliationReport>> inProgress = new ConcurrentHashMap<>();
    private final Consumer<JournalOrder> changed;

    Reconciler(JournalBook book, UnknownResolver resolver, Settings settings, Clock clock, Consumer<JournalOrder> changed) {
        this.book = book;
        this.resolver = resolver;
        this.settings = settings;
        this.clock = clock;
        this.changed = changed;
    }

    /** What one reconciliation has found so far; its lists are touched from the lookups' threads one at a time. */
    private static final class Findings {
        final List<String> changed = new ArrayList<>();
        final List<String> adopted = new ArrayList<>();
        final List<String> stillUnknown = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
    }

    /**
     * Reconciles the account, or joins its reconciliation that is under way: two at once (the account connecting while
     * the journal starts) would each find the same difference and journal it twice.
     */
    CompletionStage<ReconciliationReport> reconcile(BrokerAdapter adapter) {
        String accountId = adapter.accountId();
        CompletableFuture<ReconciliationReport> mine = new CompletableFuture<>();
        CompletableFuture<ReconciliationReport> running = inProgress.putIfAbsent(accountId, mine);
        if (running != null) {
            return running;
        }
        CompletionStage<ReconciliationReport> reconciled;
        try {
            reconciled = reconcileNow(adapter);
        } catch (RuntimeException e) {
            reconciled = CompletableFuture.failedFuture(e);
        }
        reconciled.whenComplete((report, failure) -> {
            inProgress.remove(accountId, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(report);
            }
        });
        return mine;
    }

    private CompletionStage<ReconciliationReport> reconcileNow(BrokerAdapter adapter) {
        String accountId = adapter.accountId();
        Instant started = clock.instant();
        // intents of this runtime without an answer yet are in flight: the handle that sent them reports their outcome;
        // those taken from the database (a runtime stopped, here or elsewhere, with them in flight) are checked
        List<JournalOrder> open = book.open(accountId).stream().filter(order -> order.status() != null || book.inherited(order)).toList();
        Findings findings = new Findings();
        // one lookup after the other: a reconciliation must not burst through the broker's rate limit
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (JournalOrder order : open) {
            chain = chain.thenCompose(previous -> check(adapter, order, findings));
        }
        return chain.thenCompose(checked -> adoptOpenOrders(adapter, findings))
                .thenApply(done -> {
                    synchronized (findings) {
                        return new ReconciliationReport(accountId, open.size(), findings.changed, findings.adopted,
                                findings.stillUnknown, findings.problems, started, clock.instant());
                    }
                });
    }

    private CompletableFuture<Void> check(BrokerAdapter adapter, JournalOrder order, Findings findings) {
        return bounded(lookup(adapter, order)).handle((found, failure) -> {
            if (failure != null && StandardBrokerError.from(failure).code() != ErrorCode.ORDER_NOT_FOUND) {
                note(findings, findings.problems, order.clientOrderId() + ": lookup failed: " + StandardBrokerError.from(failure).detail());
                return stillOpen(order, findings, "the lookup failed");
            }
            if (failure != null || found.isEmpty() || found.get().status() == OrderStatus.UNKNOWN) {
                return stillOpen(order, findings, "not found at the broker");
            }
            OrderResult result = found.get();
            if (result.clientOrderId() != null && !order.clientOrderId().startsWith("broker:")
                    && !result.clientOrderId().equals(order.clientOrderId())) {
                // a broker whose ids started again (a simulated book that did not survive a restart) names another order
                note(findings, findings.problems, order.clientOrderId() + ": broker id " + order.brokerOrderId()
                        + " now names the order " + result.clientOrderId());
                return stillOpen(order, findings, "its broker id names another order now");
            }
            return book.apply(order.accountId(), order.clientOrderId(), null,
                    current -> current.flatMap(known -> OrderStates.answer(known, result, true,
                            "reconciled on connect: the broker has it " + result.status(), clock.instant())))
                    .thenAccept(change -> change.ifPresent(now -> {
                        note(findings, findings.changed, order.clientOrderId());
                        changed.accept(now);
                    }));
        }).thenCompose(next -> next);
    }

    /**
     * An order the broker could not show: an unknown outcome stays unknown and is checked in the background; an intent
     * without an answer (the runtime stopped while it was in flight) becomes unknown, since it may have been sent.
     */
    private CompletableFuture<Void> stillOpen(JournalOrder order, Findings findings, String why) {
        if (order.status() != null && order.status() != OrderStatus.UNKNOWN) {
            note(findings, findings.problems, order.clientOrderId() + ": " + order.status() + " in the journal, " + why);
            if (!why.equals("the lookup failed")) {
                // the broker does not have an order the journal saw it accept: nothing safe can be assumed
                return book.apply(order.accountId(), order.clientOrderId(), null, current -> current.map(known ->
                        OrderStates.unresolved(known, order.status() + " in the journal, " + why + " on reconciliation: decide by hand",
                                clock.instant()))).thenAccept(change -> change.ifPresent(changed));
            }
            return CompletableFuture.completedFuture(null);
        }
        note(findings, findings.stillUnknown, order.clientOrderId());
        if (order.status() == OrderStatus.UNKNOWN) {
            resolver.watch(order);
            return CompletableFuture.completedFuture(null);
        }
        OrderResult unknown = new OrderResult(order.accountId(), order.clientOrderId(), null, null, order.instrument(), order.side(),
                order.type(), OrderStatus.UNKNOWN, order.requestedUnits(), order.filledUnits(), null, order.createdAt(), clock.instant(),
                null, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, null,
                        "the intent was journalled and no answer was: the runtime stopped while the order was in flight; " + why, null));
        return book.apply(order.accountId(), order.clientOrderId(), null,
                current -> current.flatMap(known -> OrderStates.answer(known, unknown, true,
                        "intent without an answer, " + why + ": unknown until the broker shows it", clock.instant())))
                .thenAccept(change -> change.ifPresent(now -> {
                    changed.accept(now);
                    resolver.watch(now);
                }));
    }

    private CompletableFuture<Void> adoptOpenOrders(BrokerAdapter adapter, Findings findings) {
        if (!adapter.capabilities().has(BrokerCapability.OPEN_ORDERS)) {
            note(findings, findings.problems, adapter.brokerType() + " does not list open orders: orders placed outside the runtime "
                    + "are not adopted");
            return CompletableFuture.completedFuture(null);
        }
        return bounded(adapter.openOrders()).handle((orders, failure) -> {
            if (failure != null) {
                note(findings, findings.problems, "open orders could not be listed: " + StandardBrokerError.from(failure).detail());
                return CompletableFuture.<Void>completedFuture(null);
            }
            CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
            for (OrderResult result : orders) {
                all = all.thenCompose(previous -> adoptIfUnknown(result, findings));
            }
            return all;
        }).thenCompose(next -> next);
    }

    private CompletableFuture<Void> adoptIfUnknown(OrderResult result, Findings findings) {
        return book.apply(result.accountId(), result.clientOrderId(), result.brokerOrderId(), current -> {
            if (current.isPresent()) {
                // known: its lookup above has reconciled it (or it changed since), nothing to adopt
                return current.flatMap(known -> OrderStates.answer(known, result, true,
                        "reconciled on connect: listed open at the broker", clock.instant()));
            }
            return Optional.of(OrderStates.adopted(result, "adopted", clock.instant()));
        }).thenAccept(change -> change.ifPresent(now -> {
            note(findings, now.adopted() && now.createdAt().equals(now.updatedAt()) ? findings.adopted : findings.changed,
                    now.adopted() ? now.brokerOrderId() : now.clientOrderId());
            changed.accept(now);
        }));
    }

    private CompletionStage<Optional<OrderResult>> lookup(BrokerAdapter adapter, JournalOrder order) {
        if (order.brokerOrderId() != null) {
            return adapter.getOrder(order.brokerOrderId()).thenApply(Optional::of);
        }
        if (!adapter.capabilities().has(BrokerCapability.CLIENT_ORDER_ID_LOOKUP)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return adapter.findOrderByClientId(order.clientOrderId());
    }

    private <T> CompletableFuture<T> bounded(CompletionStage<T> call) {
        return call.toCompletableFuture().orTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void note(Findings findings, List<String> list, String value) {
        synchronized (findings) {
            list.add(value);
        }
    }
}
