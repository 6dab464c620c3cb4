package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.journal.ReconciliationReport;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.TradingState;
import io.multibroker.api.support.OrderEventFanout;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/** A journal that records what the registry tells it, in order, and answers as the test sets. */
final class RecordingJournal implements OrderJournal {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final OrderEventFanout events = new OrderEventFanout("*", ForkJoinPool.commonPool(), 64);
    volatile Supplier<CompletionStage<Void>> onIntent = () -> CompletableFuture.completedFuture(null);
    volatile Supplier<CompletionStage<ReconciliationReport>> onReconcile = () -> CompletableFuture.completedFuture(
            new ReconciliationReport("any", 0, List.of(), List.of(), List.of(), List.of(), Instant.now(), Instant.now()));

    @Override
    public CompletionStage<Void> intent(String accountId, UnifiedOrder order, String routing) {
        calls.add("intent " + order.clientOrderId() + " " + routing);
        return onIntent.get();
    }

    @Override
    public CompletionStage<Void> replaceIntent(String accountId, String brokerOrderId, OrderReplacement replacement) {
        calls.add("replaceIntent " + brokerOrderId + " " + replacement.clientOrderId());
        return onIntent.get();
    }

    @Override
    public CompletionStage<Void> answer(String accountId, String operation, OrderResult result) {
        calls.add("answer " + operation + " " + result.clientOrderId() + " " + result.status());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> replaced(String accountId, String replacedBrokerOrderId, OrderResult replacement) {
        calls.add("replaced " + replacedBrokerOrderId + " by " + replacement.brokerOrderId());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> tradingState(String accountId, TradingState from, TradingState to, String by, String reason,
            Instant time) {
        calls.add("tradingState " + accountId + " " + from + " -> " + to);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> event(OrderEvent event) {
        calls.add("event " + event.kind() + " " + event.clientOrderId());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<ReconciliationReport> reconcile(BrokerAdapter adapter) {
        calls.add("reconcile " + adapter.accountId());
        return onReconcile.get();
    }

    @Override
    public Flow.Publisher<OrderEvent> events() {
        return events.publisher();
    }

    /** The orders the journal holds, as the orders listing (and so the look-ups by id) give them. */
    final List<JournalOrder> held = new CopyOnWriteArrayList<>();

    @Override
    public List<JournalOrder> orders(JournalQuery query) {
        return List.copyOf(held);
    }

    @Override
    public List<JournalEntry> history(String accountId, String orderId) {
        return List.of();
    }

    @Override
    public List<JournalEntry> recentEntries(String accountId, Instant since, int limit) {
        return List.of();
    }

    @Override
    public List<JournalOrder> unresolved() {
        return List.of();
    }
}
