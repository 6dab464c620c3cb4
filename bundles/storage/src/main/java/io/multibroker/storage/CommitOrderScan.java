package io.multibroker.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the rows of one key of an append-only table that were committed since the last read, so that a running figure
 * can fold in only what is new and still never skip a row.
 *
 * <p>With one writer (the embedded database) ids grow in commit order, and "the rows after the last id seen" is right.
 * With several writers (runtimes sharing PostgreSQL) it is not: a transaction that took id 10 may commit after one that
 * took id 11, and a reader that saw 11 would skip 10 for ever. There every row carries the id of the transaction that
 * wrote it ({@code committed_xid}, {@code pg_current_xact_id()} by default), and a read takes the oldest transaction
 * still running ({@code pg_snapshot_xmin(pg_current_snapshot())}) as its horizon: every row of a transaction below it
 * is committed (or rolled back) and visible, and no row below it can appear later. A read folds the rows from the
 * previous horizon up to the new one; rows of transactions still running wait for the next read. A long transaction
 * elsewhere holds the horizon back, which delays a figure but never makes it wrong.
 *
 * <p>The position a reader keeps is one number: the last id read (embedded) or the horizon (PostgreSQL).
 */
public final class CommitOrderScan {

    /** Receives one row; the columns asked for come first, in their order. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private final boolean byTransaction;
    private final String table;
    private final String keyColumn;
    private final int pageSize;

    /**
     * @param byTransaction whether several writers may commit out of id order (PostgreSQL), so that the read goes by
     *     the writing transaction's id rather than by row id
     */
    public CommitOrderScan(boolean byTransaction, String table, String keyColumn, int pageSize) {
        this.byTransaction = byTransaction;
        this.table = table;
        this.keyColumn = keyColumn;
        this.pageSize = pageSize;
    }

    /**
     * Hands every row of {@code key} committed since {@code position} to the reader in commit order, a page at a time
     * (nothing is held beyond one page), and returns the position to read from next time.
     */
    public long readAfter(Connection connection, String key, long position, String columns, RowReader reader) throws SQLException {
        return byTransaction ? readByTransaction(connection, key, position, columns, reader)
                : readById(connection, key, position, columns, reader);
    }

    /**
     * "ORDER BY key, id" rather than "id" alone: only then does H2 see that the (key, id) index gives the order, instead
     * of sorting every remaining row of the key for each page.
     */
    private long readById(Connection connection, String key, long afterId, String columns, RowReader reader) throws SQLException {
        long after = afterId;
        try (PreparedStatement query = connection.prepareStatement("SELECT " + columns + ", id AS scan_id FROM " + table + " WHERE "
                + keyColumn + " = ? AND id > ? ORDER BY " + keyColumn + ", id LIMIT " + pageSize)) {
            int rowsInPage;
            do {
                query.setString(1, key);
                query.setLong(2, after);
                rowsInPage = 0;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        reader.read(rows);
                        after = rows.getLong("scan_id");
                        rowsInPage++;
                    }
                }
            } while (rowsInPage == pageSize);
        }
        return after;
    }

    private long readByTransaction(Connection connection, String key, long fromHorizon, String columns, RowReader reader)
            throws SQLException {
        long horizon = horizon(connection);
        long afterXid = fromHorizon;
        long afterId = Long.MIN_VALUE;
        try (PreparedStatement query = connection.prepareStatement("SELECT " + columns + ", committed_xid AS scan_xid, id AS scan_id FROM "
                + table + " WHERE " + keyColumn + " = ? AND committed_xid < ? AND (committed_xid, id) > (?, ?) "
                + "ORDER BY " + keyColumn + ", committed_xid, id LIMIT " + pageSize)) {
            int rowsInPage;
            do {
                query.setString(1, key);
                query.setLong(2, horizon);
                query.setLong(3, afterXid);
                query.setLong(4, afterId);
                rowsInPage = 0;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        reader.read(rows);
                        afterXid = rows.getLong("scan_xid");
                        afterId = rows.getLong("scan_id");
                        rowsInPage++;
                    }
                }
            } while (rowsInPage == pageSize);
        }
        return Math.max(horizon, fromHorizon);
    }

    /** The oldest transaction still running: every transaction below it has ended. */
    private static long horizon(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")) {
            row.next();
            return row.getLong(1);
        }
    }
}
