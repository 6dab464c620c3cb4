package io.multibroker.journal;

import io.multibroker.api.journal.JournalOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The journal's orders as they stand, kept in memory while they are open and for a while after they end, so that an
 * answer or event is folded into the state that the writer queue will have committed before it, not into a row that
 * may be older. Every change is folded and queued under one lock: the order of the writer's queue is the order of the
 * folds.
 */
final class JournalBook {

    /** Ended orders kept in memory: late duplicates (an event after the answer that ended the order) meet their state. */
    private static final int RECENT = 20_000;

    private final JournalStore store;
    private final Map<String, JournalOrder> open = new HashMap<>();
    private final Map<String, JournalOrder> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JournalOrder> eldest) {
            return size() > RECENT;
        }
    };
    private final Map<String, String> clientIdByBrokerId = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 4 * RECENT;
        }
    };

    JournalBook(JournalStore store) {
        this.store = store;
        for (JournalOrder order : store.openOrders()) {
            remember(order);
        }
    }

    private static String key(String accountId, String id) {
        return accountId + '\u0000' + id;
    }

    /** The order by client order id or broker order id. */
    synchronized Optional<JournalOrder> find(String accountId, String orderId) {
        if (orderId == null) {
            return Optional.empty();
        }
        Optional<JournalOrder> known = cached(accountId, orderId);
        if (known.isPresent()) {
            return known;
        }
        String byBrokerId = clientIdByBrokerId.get(key(accountId, orderId));
        if (byBrokerId != null) {
            known = cached(accountId, byBrokerId);
            if (known.isPresent()) {
                return known;
            }
        }
        Optional<JournalOrder> stored = store.order(accountId, orderId);
        return stored.isPresent() ? stored : store.orderByBrokerId(accountId, orderId);
    }

    private Optional<JournalOrder> findByClientId(String accountId, String clientOrderId) {
        if (clientOrderId == null) {
            return Optional.empty();
        }
        Optional<JournalOrder> known = cached(accountId, clientOrderId);
        return known.isPresent() ? known : store.order(accountId, clientOrderId);
    }

    private Optional<JournalOrder> findByBrokerId(String accountId, String brokerOrderId) {
        if (brokerOrderId == null) {
            return Optional.empty();
        }
        String clientOrderId = clientIdByBrokerId.get(key(accountId, brokerOrderId));
        Optional<JournalOrder> known = clientOrderId == null ? Optional.empty() : cached(accountId, clientOrderId);
        return known.isPresent() ? known : store.orderByBrokerId(accountId, brokerOrderId);
    }

    private Optional<JournalOrder> cached(String accountId, String clientOrderId) {
        String key = key(accountId, clientOrderId);
        JournalOrder order = open.get(key);
        return Optional.ofNullable(order != null ? order : recent.get(key));
    }

    /**
     * Folds a change into the order found by client order id (or, failing that, broker order id) and queues it; the
     * stage gives the order's new state once it is committed, or empty at once when the change said nothing new.
     */
    synchronized CompletableFuture<Optional<JournalOrder>> apply(String accountId, String clientOrderId, String brokerOrderId,
            Function<Optional<JournalOrder>, Optional<OrderStates.Change>> change) {
        // by client order id, then by broker id: one indexed read each when the order is not in memory
        Optional<JournalOrder> current = findByClientId(accountId, clientOrderId);
        if (current.isEmpty()) {
            current = findByBrokerId(accountId, brokerOrderId);
        }
        Optional<OrderStates.Change> next = change.apply(current);
        if (next.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        JournalOrder order = next.get().order();
        remember(order);
        return store.append(next.get().entry(), order).thenApply(committed -> Optional.of(order));
    }

    private void remember(JournalOrder order) {
        String key = key(order.accountId(), order.clientOrderId());
        if (order.open()) {
            open.put(key, order);
            recent.remove(key);
        } else {
            open.remove(key);
            recent.put(key, order);
        }
        if (order.brokerOrderId() != null) {
            clientIdByBrokerId.put(key(order.accountId(), order.brokerOrderId()), order.clientOrderId());
        }
    }

    /** The account's orders that are resting, partially filled, unanswered or unknown. */
    synchronized List<JournalOrder> open(String accountId) {
        List<JournalOrder> orders = new ArrayList<>();
        open.values().stream().filter(order -> order.accountId().equals(accountId)).forEach(orders::add);
        return orders;
    }
}
