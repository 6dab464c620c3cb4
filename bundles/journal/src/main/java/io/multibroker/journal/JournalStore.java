package io.multibroker.journal;

import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.support.GroupCommit;
import io.multibroker.storage.SchemaMigrations;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's tables: one row per entry ({@code journal_entry}, ids in commit order) and one per order with its
 * state now ({@code journal_order}), both written in the same transaction by one writer thread that commits whatever
 * has queued (group commit), so that the state of an order is always the fold of its committed entries. The SQL is
 * plain enough for H2 and PostgreSQL alike (an update, then an insert when nothing was updated: an account's orders have
 * one writer, the runtime that owns the account). The tables are made and upgraded by the scripts under
 * {@code db/journal} ({@link SchemaMigrations}).
 */
final class JournalStore {

    private static final Logger LOG = LoggerFactory.getLogger(JournalStore.class);
    /** At most this many entries in one commit, so that one transaction stays small. */
    private static final int MAX_BATCH = 512;
    private static final int WRITE_TIMEOUT_SECONDS = 10;
    private static final int TEXT = 1000;
    private static final int DETAIL = 4000;

    /**
     * One entry and the order's state after it, committed together; {@code newOrder} when the order has no row yet. An
     * entry about no order (a change of trading state) has a null order.
     */
    record Write(JournalEntry entry, JournalOrder order, boolean newOrder) {
    }

    /**
     * Checked inside each commit's transaction before anything is written: throws when this runtime may no longer write
     * about one of the accounts (another runtime took its lease), so that the whole commit is refused.
     */
    @FunctionalInterface
    interface Fence {
        Fence NONE = (connection, accounts) -> { };

        void check(Connection connection, Set<String> accounts) throws SQLException;
    }

    private final DataSource dataSource;
    private final Fence fence;
    private final SharedClientOrderIds sharedIds;
    private final JournalReads reads;
    private final GroupCommit<Write> writer;

    JournalStore(DataSource dataSource) {
        this(dataSource, Fence.NONE);
    }

    JournalStore(DataSource dataSource, Fence fence) {
        this.dataSource = dataSource;
        this.fence = fence;
        this.reads = new JournalReads(dataSource);
        SchemaMigrations.apply(dataSource, JournalStore.class.getClassLoader(), "journal", "journal_order");
        this.sharedIds = new SharedClientOrderIds(SchemaMigrations.isPostgreSql(dataSource), WRITE_TIMEOUT_SECONDS);
        this.writer = new GroupCommit<>("multibroker-journal-writer", MAX_BATCH, this::insert,
                failure -> LOG.error("order journal entries not written: {}", failure.toString(), failure));
    }

    /**
     * Queues the entry and the order's new state ({@code newOrder} when the journal had no row of it); the stage
     * completes once both are committed.
     */
    CompletableFuture<Void> append(JournalEntry entry, JournalOrder order, boolean newOrder) {
        return writer.append(new Write(entry, order, newOrder));
    }

    /** Queues an entry that is about no order (a change of trading state); the stage completes once it is committed. */
    CompletableFuture<Void> appendEntry(JournalEntry entry) {
        return writer.append(new Write(entry, null, false));
    }

    /** What the journal's tables hold, as committed. */
    JournalReads reads() {
        return reads;
    }

    /** Commits what is queued and stops; false when that took longer than the timeout. */
    boolean close(long timeoutMillis) throws InterruptedException {
        return writer.close(timeoutMillis);
    }

    /** The accounts the writes are about (not the global scope of a trading-state change, which every runtime may write). */
    private static Set<String> accountsOf(List<Write> writes) {
        Set<String> accounts = new HashSet<>();
        for (Write write : writes) {
            if (!OrderJournalImpl.GLOBAL_SCOPE.equals(write.entry().accountId())) {
                accounts.add(write.entry().accountId());
            }
        }
        return accounts;
    }

    private void insert(List<Write> writes) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            sharedIds.prepare(connection);
            connection.setAutoCommit(false);
            try (PreparedStatement entries = connection.prepareStatement(
                    "INSERT INTO journal_entry (" + JournalReads.ENTRY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement update = connection.prepareStatement("UPDATE journal_order SET broker_order_id = ?, "
                            + "instrument = ?, side = ?, order_type = ?, status = ?, requested_units = ?, filled_units = ?, "
                            + "average_price = ?, price = ?, routing = ?, replaces_id = ?, replaced_by_id = ?, adopted = ?, "
                            + "unresolved = ?, reason = ?, created_at = ?, updated_at = ? WHERE account = ? AND client_order_id = ?");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO journal_order (" + JournalReads.ORDER_COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                fence.check(connection, accountsOf(writes));
                sharedIds.check(connection, writes);
                // a database that stops answering fails the entries rather than hold their orders for ever
                entries.setQueryTimeout(WRITE_TIMEOUT_SECONDS);
                update.setQueryTimeout(WRITE_TIMEOUT_SECONDS);
                insert.setQueryTimeout(WRITE_TIMEOUT_SECONDS);
                for (Write write : writes) {
                    bindEntry(entries, write.entry());
                    entries.addBatch();
                }
                entries.executeBatch();
                // the rows of new orders inserted, the others updated, each kind in one batch; an order written twice
                // in one batch is inserted once and then updated, in the order of its writes
                Set<String> inserted = new HashSet<>();
                boolean updates = false;
                boolean inserts = false;
                for (Write write : writes) {
                    JournalOrder order = write.order();
                    if (order == null) {
                        continue;
                    }
                    String key = order.accountId() + '\u0000' + order.clientOrderId();
                    if (write.newOrder() && inserted.add(key)) {
                        insert.setString(1, order.accountId());
                        insert.setString(2, order.clientOrderId());
                        bindOrderState(insert, order, 3);
                        insert.addBatch();
                        inserts = true;
                    } else {
                        bindOrderState(update, order, 1);
                        update.setString(18, order.accountId());
                        update.setString(19, order.clientOrderId());
                        update.addBatch();
                        updates = true;
                    }
                }
                if (inserts) {
                    insert.executeBatch();
                }
                if (updates) {
                    update.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void bindEntry(PreparedStatement statement, JournalEntry entry) throws SQLException {
        statement.setString(1, entry.accountId());
        statement.setString(2, entry.clientOrderId());
        statement.setString(3, entry.brokerOrderId());
        statement.setString(4, entry.kind().name());
        statement.setString(5, entry.status() == null ? null : entry.status().name());
        setDecimal(statement, 6, entry.fillUnits());
        setDecimal(statement, 7, entry.fillPrice());
        setDecimal(statement, 8, entry.filledUnits());
        setDecimal(statement, 9, entry.averageFillPrice());
        statement.setString(10, entry.relatedOrderId());
        statement.setString(11, entry.brokerEventId());
        statement.setString(12, cut(entry.reason(), TEXT));
        statement.setString(13, cut(entry.detail(), DETAIL));
        setTime(statement, 14, entry.brokerTime());
        statement.setTimestamp(15, Timestamp.from(entry.recordedAt()));
    }

    /** Binds the order's state from broker_order_id to updated_at (17 parameters) starting at {@code first}. */
    private static void bindOrderState(PreparedStatement statement, JournalOrder order, int first) throws SQLException {
        int i = first;
        statement.setString(i++, order.brokerOrderId());
        statement.setString(i++, order.instrument());
        statement.setString(i++, order.side() == null ? null : order.side().name());
        statement.setString(i++, order.type() == null ? null : order.type().name());
        statement.setString(i++, order.status() == null ? null : order.status().name());
        setDecimal(statement, i++, order.requestedUnits());
        setDecimal(statement, i++, order.filledUnits());
        setDecimal(statement, i++, order.averageFillPrice());
        setDecimal(statement, i++, order.price());
        statement.setString(i++, cut(order.routing(), 200));
        statement.setString(i++, order.replacesOrderId());
        statement.setString(i++, order.replacedByOrderId());
        statement.setBoolean(i++, order.adopted());
        statement.setBoolean(i++, order.unresolved());
        statement.setString(i++, cut(order.reason(), TEXT));
        statement.setTimestamp(i++, Timestamp.from(order.createdAt()));
        statement.setTimestamp(i, Timestamp.from(order.updatedAt()));
    }

    private static void setDecimal(PreparedStatement statement, int index, BigDecimal value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DECIMAL);
        } else {
            statement.setBigDecimal(index, value);
        }
    }

    private static void setTime(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setTimestamp(index, Timestamp.from(value));
        }
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    // ---- reads ----
}
