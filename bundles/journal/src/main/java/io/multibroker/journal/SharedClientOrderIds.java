package io.multibroker.journal;

import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.journal.JournalStore.Write;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Keeps a client order id to one open order across the runtimes that share a PostgreSQL database. Each runtime refuses an
 * intent whose id is open at another account it holds in memory ({@link JournalBook}); two runtimes booking one id at two
 * accounts at once (a client's retry sent to the other runtime, say) see nothing of each other. So an intent's commit
 * takes a transaction lock on its client order id and then looks for an open order of that id at another account, which
 * the first runtime's commit, holding the lock until it ends, has made visible by then (PostgreSQL's READ COMMITTED: each
 * statement sees what was committed before it began). Only the intents of orders the runtime places are checked: what a
 * broker reports (an answer, a fill, an order adopted or reopened by a reconciliation) is recorded whatever it says. The
 * embedded H2 serves one runtime, whose in-memory check suffices.
 */
final class SharedClientOrderIds {

    /** In the refusal's message: how {@link JournalBook} tells it from the journal's other key violations. */
    static final String OPEN_AT_ANOTHER_ACCOUNT = "client order id open at another account";
    /** The first key of the journal's advisory locks, so that they do not meet other users' of the database. */
    private static final int LOCK_SPACE = 0x6D62_6A31;
    /** SQL's integrity violation: a duplicate, as the table's own key says it. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final boolean shared;
    private final int timeoutSeconds;

    /**
     * @param shared whether several runtimes may write the database (PostgreSQL)
     * @param timeoutSeconds how long a commit waits for another runtime's lock on an id, and for the look-up
     */
    SharedClientOrderIds(boolean shared, int timeoutSeconds) {
        this.shared = shared;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Readies a connection before its transaction's first statement: the look-up must see what another runtime committed
     * while this one waited for the lock, which READ COMMITTED gives and a database's default of REPEATABLE READ would not.
     */
    void prepare(Connection connection) throws SQLException {
        if (shared && connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }

    /** Refuses the commit when one of its intents names an order open at another account. */
    void check(Connection connection, List<Write> writes) throws SQLException {
        if (!shared) {
            return;
        }
        // the locks' keys in one order, so that two runtimes' commits of the same ids cannot wait for each other; an id's
        // hash may be another's too, which only makes their commits wait in turn
        SortedSet<Integer> keys = new TreeSet<>();
        for (Write write : writes) {
            if (isIntent(write)) {
                keys.add(write.order().clientOrderId().hashCode());
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)");
                PreparedStatement open = connection.prepareStatement("SELECT account FROM journal_order WHERE client_order_id = ? "
                        + "AND account <> ? AND adopted = FALSE AND (status IS NULL OR status IN ('ACCEPTED', 'PARTIALLY_FILLED', "
                        + "'UNKNOWN'))")) {
            // a runtime that stalls holding a lock fails this commit after the timeout, rather than hold this journal's
            // writer (and the lease rows its fence reads) for ever
            lock.setQueryTimeout(timeoutSeconds);
            open.setQueryTimeout(timeoutSeconds);
            for (int key : keys) {
                lock.setInt(1, LOCK_SPACE);
                lock.setInt(2, key);
                lock.execute();
            }
            for (Write write : writes) {
                if (!isIntent(write)) {
                    continue;
                }
                open.setString(1, write.order().clientOrderId());
                open.setString(2, write.order().accountId());
                try (ResultSet rows = open.executeQuery()) {
                    if (rows.next()) {
                        throw new SQLException(OPEN_AT_ANOTHER_ACCOUNT + ": " + write.order().clientOrderId() + " at " + rows.getString(1),
                                UNIQUE_VIOLATION);
                    }
                }
            }
        }
    }

    private static boolean isIntent(Write write) {
        return write.newOrder() && write.order() != null && !write.order().adopted() && write.entry().kind() == JournalEntryKind.INTENT;
    }
}
