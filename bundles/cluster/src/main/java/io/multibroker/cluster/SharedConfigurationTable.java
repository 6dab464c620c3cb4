package io.multibroker.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The {@code shared_configuration} table and its history in the shared PostgreSQL. */
final class SharedConfigurationTable {

    /** The channel on which a change is announced (LISTEN/NOTIFY); the payload is the item's new version. */
    static final String CHANNEL = "multibroker_configuration";

    /** One item as the database has it; null content: removed. */
    record Row(String item, String content, long version, String changedBy) {
    }

    /** What a write did: written at {@code version}, or refused because the row is at {@code version} by another runtime. */
    record Outcome(boolean written, long version, String by) {
    }

    private final DataSource dataSource;

    SharedConfigurationTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Row> all() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT item, content, version, changed_by FROM shared_configuration")) {
            while (result.next()) {
                rows.add(new Row(result.getString(1), result.getString(2), result.getLong(3), result.getString(4)));
            }
        }
        return rows;
    }

    /**
     * Writes the item's new content (null: removed) if the row is still at {@code seen} (0: the item is new), in one
     * transaction with its history row and the announcement; otherwise writes nothing but a refused history row, and
     * tells the version that won.
     */
    Outcome write(String item, String content, long seen, String runtime) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long version = nextVersion(connection);
                int changed;
                if (seen == 0) {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO shared_configuration (item, content, version, "
                            + "changed_by, changed_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT (item) DO NOTHING")) {
                        insert.setString(1, item);
                        insert.setString(2, content);
                        insert.setLong(3, version);
                        insert.setString(4, runtime);
                        changed = insert.executeUpdate();
                    }
                } else {
                    try (PreparedStatement update = connection.prepareStatement("UPDATE shared_configuration SET content = ?, version = ?, "
                            + "changed_by = ?, changed_at = CURRENT_TIMESTAMP WHERE item = ? AND version = ?")) {
                        update.setString(1, content);
                        update.setLong(2, version);
                        update.setString(3, runtime);
                        update.setString(4, item);
                        update.setLong(5, seen);
                        changed = update.executeUpdate();
                    }
                }
                Outcome outcome;
                if (changed == 1) {
                    history(connection, item, content, version, null, runtime);
                    try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                        notify.setString(1, CHANNEL);
                        notify.setString(2, String.valueOf(version));
                        notify.execute();
                    }
                    outcome = new Outcome(true, version, runtime);
                } else {
                    Row winner = row(connection, item);
                    history(connection, item, content, null, winner == null ? null : winner.version(), runtime);
                    outcome = new Outcome(false, winner == null ? 0 : winner.version(), winner == null ? "" : winner.changedBy());
                }
                connection.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The item's changes and refusals, oldest first: [version or null, lost_to or null, changed_by, content]. */
    List<String[]> history(String item) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT version, lost_to, changed_by, content FROM shared_configuration_history WHERE item = ? ORDER BY id")) {
            query.setString(1, item);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new String[] {result.getString(1), result.getString(2), result.getString(3), result.getString(4)});
                }
            }
        }
        return rows;
    }

    private static long nextVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT nextval('shared_configuration_version')")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Row row(Connection connection, String item) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT item, content, version, changed_by FROM shared_configuration WHERE item = ?")) {
            query.setString(1, item);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? new Row(result.getString(1), result.getString(2), result.getLong(3), result.getString(4)) : null;
            }
        }
    }

    private static void history(Connection connection, String item, String content, Long version, Long lostTo, String runtime)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO shared_configuration_history (item, content, version, "
                + "lost_to, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            insert.setString(1, item);
            insert.setString(2, content);
            insert.setObject(3, version);
            insert.setObject(4, lostTo);
            insert.setString(5, runtime);
            insert.executeUpdate();
        }
    }
}
