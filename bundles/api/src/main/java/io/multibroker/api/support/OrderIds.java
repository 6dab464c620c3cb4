package io.multibroker.api.support;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.OrderJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker order id of an order a user names by either of its ids, for the commands and routes that cancel or replace it.
 *
 * @since support 1.7
 */
public final class OrderIds {

    /** How many replaces of replaces {@link #replacements} follows at most. */
    private static final int MAX_REPLACEMENTS = 64;

    private OrderIds() {
    }

    /**
     * The id as given when the broker has an order by it, else the broker order id of the order the journal has under it
     * as a client order id at this account, else the id as given (which the broker then answers for). The broker is asked
     * first: an id may be one order's broker order id and another's client order id, and a broker order id is what the
     * caller has always been able to name. Only the broker's word that it has no order by that id (or cannot look orders
     * up) sends the look-up to the journal: a broker that does not answer leaves the id unresolved, and its failure is
     * the caller's, since taking the journal's order then could name another order.
     *
     * @param journal the order journal, when the runtime has one
     * @param patience how long to wait for the broker's answer
     * @throws StandardBrokerError the broker's failure to answer the look-up (TIMEOUT when it took longer than patience)
     */
    public static String brokerOrderId(BrokerAdapter adapter, Optional<OrderJournal> journal, String accountId, String id,
            Duration patience) throws InterruptedException {
        try {
            adapter.getOrder(id).toCompletableFuture().get(patience.toNanos(), TimeUnit.NANOSECONDS);
            return id;
        } catch (ExecutionException e) {
            StandardBrokerError failure = StandardBrokerError.from(e.getCause());
            if (failure.code() != ErrorCode.ORDER_NOT_FOUND && failure.code() != ErrorCode.UNSUPPORTED_OPERATION) {
                throw failure;
            }
            // not an order of the broker's by that id: a client order id, perhaps
        } catch (TimeoutException e) {
            throw new StandardBrokerError(ErrorCode.TIMEOUT, "no answer from the broker within " + patience.toSeconds()
                    + " s to the look-up of order " + id + " at " + accountId);
        }
        try {
            return journal.flatMap(orders -> orders.orderByClientId(accountId, id)).map(JournalOrder::brokerOrderId).orElse(id);
        } catch (RuntimeException unreadable) {
            // the journal's database not answering: the id as given, which the broker has said it has no order by
            return id;
        }
    }

    /**
     * The orders that replaced this one, in turn, as the journal links them (a replace of a replacement, and so on): the
     * last is the one that may be working. Empty when the journal knows of no replacement (or has no order by this broker
     * order id: an id that is also another order's client order id names that one only).
     *
     * @since support 1.7
     */
    public static List<String> replacements(Optional<OrderJournal> journal, String accountId, String brokerOrderId) {
        List<String> chain = new ArrayList<>();
        String current = brokerOrderId;
        // a bound against a cycle that a broker's ids could make
        while (chain.size() < MAX_REPLACEMENTS) {
            String id = current;
            Optional<String> next = journal.flatMap(orders -> orders.order(accountId, id)).filter(order -> id.equals(order.brokerOrderId()))
                    .map(JournalOrder::replacedByOrderId);
            if (next.isEmpty() || chain.contains(next.get())) {
                break;
            }
            chain.add(next.get());
            current = next.get();
        }
        return chain;
    }
}
