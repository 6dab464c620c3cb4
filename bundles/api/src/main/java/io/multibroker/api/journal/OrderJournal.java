package io.multibroker.api.journal;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.TradingState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable record of every order placed through the runtime. The registry's handle calls it on the order
 * path (it is an optional service: without it orders flow unjournalled): the intent before an order leaves,
 * every answer after, and every order event of the adapters; and {@link #reconcile} when an account has connected,
 * before the account takes orders.
 *
 * <p>Write-before-send: the stage of {@link #intent} completes only once the intent is committed (flushed), and
 * the order must not be sent when it fails. Everything else is appended in the order it is given, committed in
 * groups.
 */
@ProviderType
public interface OrderJournal {

    /**
     * The operation of an {@link #answer} for an order this runtime refused before sending it (a risk limit, the trading
     * state, an account another runtime drives): journalled as REJECTED with its reason, not as an order adopted from the
     * broker, since nothing reached the broker; it changes nothing of an order the journal has under that client order id
     * (since 1.4).
     */
    String REFUSED_BEFORE_SENDING = "refusedBeforeSending";

    /**
     * Writes the order as it is about to be sent, with its routing; completes once it is durable. Fails with
     * {@code DUPLICATE_CLIENT_ORDER_ID} when the journal has an order with this client order id already at this account,
     * or an open one (in flight, resting, unanswered or unknown) at another account that this runtime has in memory.
     */
    CompletionStage<Void> intent(String accountId, UnifiedOrder order, String routing);

    /**
     * Writes the intent of a replacement (the replacing order, linked to the one it replaces, whose entry records the
     * request); completes once it is durable.
     */
    CompletionStage<Void> replaceIntent(String accountId, String brokerOrderId, OrderReplacement replacement);

    /**
     * Appends what the broker answered to an operation on an order ({@code placeOrder}, {@code cancelOrder},
     * {@code getOrder}, a lookup, {@code closePosition}): an entry when the order's state changed, nothing when it
     * did not. An UNKNOWN placement is checked again in the background until it is resolved or its horizon passes.
     */
    CompletionStage<Void> answer(String accountId, String operation, OrderResult result);

    /** Appends the answer to a replace: the new order, and the REPLACED link on the one it replaced. */
    CompletionStage<Void> replaced(String accountId, String replacedBrokerOrderId, OrderResult replacement);

    /**
     * Appends a change of trading state ({@link JournalEntryKind#TRADING_STATE}): the account, or null for every account;
     * the states before and after; who made it (a user, or {@code risk} for the risk layer itself) and why; when it took
     * effect. Committed like any entry; it changes no order (since 1.2).
     */
    CompletionStage<Void> tradingState(String accountId, TradingState from, TradingState to, String by, String reason, Instant time);

    /** Appends an adapter's order event (a GAP marker is not journalled). */
    CompletionStage<Void> event(OrderEvent event);

    /**
     * Compares the journal's open and unknown orders of the adapter's account with the broker's records (the order
     * by its id or client order id, the broker's open orders), journals every difference, adopts the open orders the
     * journal did not have, and answers what it found. The caller lets the account take orders only after it.
     */
    CompletionStage<ReconciliationReport> reconcile(BrokerAdapter adapter);

    /**
     * The events the journal itself makes (RECONCILED when a reconciliation or the background check changes an order,
     * for adopted orders too): the registry merges them into the accounts' order events.
     */
    Flow.Publisher<OrderEvent> events();

    /** Orders by the query, newest change first. */
    List<JournalOrder> orders(JournalQuery query);

    /**
     * One order as it stands now, by client order id or broker order id; empty when the journal does not know it. What an
     * idempotent caller asks before placing an order again (since 1.1). The default reads the account's latest orders;
     * the journal answers from its index.
     */
    default Optional<JournalOrder> order(String accountId, String orderId) {
        return orders(new JournalQuery(accountId, JournalQuery.Scope.ALL, null, 0)).stream()
                .filter(order -> orderId.equals(order.clientOrderId()) || orderId.equals(order.brokerOrderId())).findFirst();
    }

    /**
     * The order with this client order id at the account, never one whose broker order id happens to be the same text
     * (what a caller asks before placing a client order id again, since 1.3). The default filters {@link #order}; the
     * journal reads by client order id alone.
     */
    default Optional<JournalOrder> orderByClientId(String accountId, String clientOrderId) {
        return order(accountId, clientOrderId).filter(order -> clientOrderId.equals(order.clientOrderId()));
    }

    /** The whole history of one order, by broker order id or client order id, oldest first; empty when unknown. */
    List<JournalEntry> history(String accountId, String orderId);

    /** The latest entries (of one account, or of all when null) at or after the time, newest first: what happened to orders. */
    List<JournalEntry> recentEntries(String accountId, Instant since, int limit);

    /** The orders whose unknown outcome outlived the background check's horizon: the operator's list. */
    List<JournalOrder> unresolved();
}
