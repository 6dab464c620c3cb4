package io.multibroker.journal;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /**
     * The accounts at which each client order id names an open order (in flight, resting, unanswered or unknown): a new
     * intent with the id at another account is refused under the same lock as the intent is booked, so that two callers
     * (the shell and the HTTP API, say) sending one id to two accounts at once cannot both send it.
     */
    private final Map<String, Set<String>> openAccountsByClientId = new HashMap<>();

    /**
     * The open orders taken from the database (at start, or when an account was taken over from another runtime) rather
     * than placed by this runtime since: an intent among them without an answer was in flight when its runtime stopped,
     * while an intent of this runtime without an answer is in flight now, and the handle that sent it reports its outcome.
     */
    private final Set<String> inherited = new HashSet<>();

    JournalBook(JournalStore store) {
        this.store = store;
        for (JournalOrder order : store.reads().openOrders()) {
            remember(order);
            inherited.add(key(order.accountId(), order.clientOrderId()));
        }
    }

    /** Whether the order was taken from the database rather than placed by this runtime since (see {@link #inherited}). */
    synchronized boolean inherited(JournalOrder order) {
        return inherited.contains(key(order.accountId(), order.clientOrderId()));
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
        Optional<JournalOrder> stored = store.reads().order(accountId, orderId);
        return stored.isPresent() ? stored : store.reads().orderByBrokerId(accountId, orderId);
    }

    /** The order by client order id alone: from memory, else the database, never by a broker order id of the same text. */
    synchronized Optional<JournalOrder> findByClientId(String accountId, String clientOrderId) {
        if (clientOrderId == null) {
            return Optional.empty();
        }
        Optional<JournalOrder> known = cached(accountId, clientOrderId);
        return known.isPresent() ? known : store.reads().order(accountId, clientOrderId);
    }

    private Optional<JournalOrder> cached(String accountId, String clientOrderId) {
        String key = key(accountId, clientOrderId);
        JournalOrder order = open.get(key);
        return Optional.ofNullable(order != null ? order : recent.get(key));
    }

    /**
     * Books a new order's intent without reading the database first (what every order waits for before it leaves): an
     * order in memory with the client order id is a duplicate, refused at once; one only in the database makes the
     * insert fail on the key, and then the intent fails with DUPLICATE_CLIENT_ORDER_ID and the memory forgets it.
     */
    CompletableFuture<Optional<JournalOrder>> applyIntent(String accountId, String clientOrderId, OrderStates.Change intent) {
        synchronized (this) {
            if (inMemory(accountId, clientOrderId, null).isPresent()) {
                return CompletableFuture.failedFuture(duplicate(accountId, clientOrderId));
            }
            Optional<String> elsewhere = openElsewhere(accountId, clientOrderId);
            if (elsewhere.isPresent()) {
                return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, null, "client order id "
                        + clientOrderId + " names an open order at account " + elsewhere.get() + ": an order is never sent twice, "
                        + "at one account or at two", new ErrorContext(accountId, null, clientOrderId, null, null)));
            }
            JournalOrder order = intent.order();
            remember(order);
            return store.append(intent.entry(), order, true).handle((committed, failure) -> {
                if (failure == null) {
                    return CompletableFuture.completedFuture(Optional.of(order));
                }
                forget(order);
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                return CompletableFuture.<Optional<JournalOrder>>failedFuture(cause instanceof SQLException sql
                        && sql.getSQLState() != null && sql.getSQLState().startsWith("23") ? duplicate(accountId, clientOrderId, sql) : cause);
            }).thenCompose(result -> result);
        }
    }

    /** The refusal of an intent the database's keys refused: at this account, or open at another (a second runtime's). */
    private static StandardBrokerError duplicate(String accountId, String clientOrderId, SQLException refused) {
        if (refused.getMessage() != null && refused.getMessage().startsWith(SharedClientOrderIds.OPEN_AT_ANOTHER_ACCOUNT)) {
            return StandardBrokerError.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, null, "client order id " + clientOrderId + " names an open "
                    + "order at another account (sent by another runtime on this database): an order is never sent twice, at one "
                    + "account or at two", new ErrorContext(accountId, null, clientOrderId, null, null));
        }
        return duplicate(accountId, clientOrderId);
    }

    private static StandardBrokerError duplicate(String accountId, String clientOrderId) {
        return StandardBrokerError.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, null, "the journal has an order with client order id "
                + clientOrderId + " already: an order is never sent twice", new ErrorContext(accountId, null, clientOrderId, null, null));
    }

    /** Drops an order from memory if it is still the given state (an intent whose insert failed). */
    private synchronized void forget(JournalOrder order) {
        String key = key(order.accountId(), order.clientOrderId());
        if (open.remove(key, order)) {
            unindexOpen(order);
        }
        recent.remove(key, order);
    }

    /**
     * Another account at which the client order id names an open order, if any. Orders taken from the database count
     * too: one in flight or unknown when a runtime stopped is what a caller sends again after a restart, and the router
     * does not look ids up. (One of an account another runtime drives may have ended there unseen here: refusing its id
     * is the safe side, and the shell and the HTTP API refuse an id the journal has at any account anyway.)
     */
    private Optional<String> openElsewhere(String accountId, String clientOrderId) {
        Set<String> accounts = openAccountsByClientId.get(clientOrderId);
        return accounts == null ? Optional.empty() : accounts.stream().filter(account -> !account.equals(accountId)).findFirst();
    }

    private void unindexOpen(JournalOrder order) {
        Set<String> accounts = openAccountsByClientId.get(order.clientOrderId());
        if (accounts != null && accounts.remove(order.accountId()) && accounts.isEmpty()) {
            openAccountsByClientId.remove(order.clientOrderId());
        }
    }

    /**
     * Folds a change into the order found by client order id (or, failing that, broker order id) and queues it; the
     * stage gives the order's new state once it is committed, or empty at once when the change said nothing new.
     * An order not in memory is read from the database outside the lock, so that callers do not queue behind each
     * other's reads; any change made meanwhile went through here and is in memory, which wins over the read.
     */
    CompletableFuture<Optional<JournalOrder>> apply(String accountId, String clientOrderId, String brokerOrderId,
            Function<Optional<JournalOrder>, Optional<OrderStates.Change>> change) {
        Optional<JournalOrder> stored = Optional.empty();
        if (inMemory(accountId, clientOrderId, brokerOrderId).isEmpty()) {
            stored = clientOrderId == null ? Optional.empty() : store.reads().order(accountId, clientOrderId);
            if (stored.isEmpty() && brokerOrderId != null) {
                stored = store.reads().orderByBrokerId(accountId, brokerOrderId);
            }
        }
        synchronized (this) {
            Optional<JournalOrder> current = inMemory(accountId, clientOrderId, brokerOrderId);
            if (current.isEmpty()) {
                current = stored;
            }
            Optional<OrderStates.Change> next = change.apply(current);
            if (next.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            JournalOrder order = next.get().order();
            remember(order);
            return store.append(next.get().entry(), order, current.isEmpty()).thenApply(committed -> Optional.of(order));
        }
    }

    /** The order by client order id, then by broker id, if it is in memory. */
    private synchronized Optional<JournalOrder> inMemory(String accountId, String clientOrderId, String brokerOrderId) {
        Optional<JournalOrder> known = clientOrderId == null ? Optional.empty() : cached(accountId, clientOrderId);
        if (known.isEmpty() && brokerOrderId != null) {
            String byBrokerId = clientIdByBrokerId.get(key(accountId, brokerOrderId));
            known = byBrokerId == null ? Optional.empty() : cached(accountId, byBrokerId);
        }
        return known;
    }

    private void remember(JournalOrder order) {
        String key = key(order.accountId(), order.clientOrderId());
        if (order.open()) {
            open.put(key, order);
            openAccountsByClientId.computeIfAbsent(order.clientOrderId(), id -> new HashSet<>()).add(order.accountId());
            recent.remove(key);
        } else {
            if (open.remove(key) != null) {
                unindexOpen(order);
            }
            recent.put(key, order);
            inherited.remove(key);
        }
        if (order.brokerOrderId() != null) {
            clientIdByBrokerId.put(key(order.accountId(), order.brokerOrderId()), order.clientOrderId());
        }
    }

    /**
     * Forgets what is held of the account and takes its open orders from the database again: an account this runtime has
     * just taken over from another runtime (sharing the database) has orders that the other one wrote.
     */
    synchronized void reload(String accountId) {
        String prefix = key(accountId, "");
        open.values().removeIf(order -> {
            if (!order.accountId().equals(accountId)) {
                return false;
            }
            unindexOpen(order);
            return true;
        });
        recent.keySet().removeIf(key -> key.startsWith(prefix));
        clientIdByBrokerId.keySet().removeIf(key -> key.startsWith(prefix));
        for (JournalOrder order : store.reads().openOrders(accountId)) {
            remember(order);
            inherited.add(key(order.accountId(), order.clientOrderId()));
        }
    }

    /** The account's orders that are resting, partially filled, unanswered or unknown. */
    synchronized List<JournalOrder> open(String accountId) {
        List<JournalOrder> orders = new ArrayList<>();
        open.values().stream().filter(order -> order.accountId().equals(accountId)).forEach(orders::add);
        return orders;
    }
}
