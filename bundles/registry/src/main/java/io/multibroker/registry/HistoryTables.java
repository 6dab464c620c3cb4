package io.multibroker.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.capability.CapabilityDiff;
import io.multibroker.api.error.ErrorDetail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@code capability_changes} and {@code broker_errors} tables: a batch written in one transaction, each row naming the
 * runtime that saw it, then cut back to the kept number (the oldest rows go). With several runtimes writing, ids are not
 * strictly in commit order, so the cut is by id and the bound is approximate by the rows of transactions in flight.
 */
final class HistoryTables {

    /** One row as read back, with the runtime that wrote it. */
    record Seen<T>(String runtimeId, T record) {
    }

    /** Derived properties the records also show (such as {@code isEmpty()}) are written but not read back. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final DataSource dataSource;
    private final String runtimeId;
    private final HistoryLimits limits;

    HistoryTables(DataSource dataSource, String runtimeId, HistoryLimits limits) {
        this.dataSource = dataSource;
        this.runtimeId = runtimeId;
        this.limits = limits;
    }

    /** Writes the changes and errors of one batch in one transaction, then deletes what is beyond the bounds. */
    void write(List<CapabilityChange> changes, List<RecordedError> errors) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insertChanges(connection, changes);
                insertErrors(connection, errors);
                pruneChanges(connection, changes);
                if (!errors.isEmpty()) {
                    pruneErrors(connection);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private void insertChanges(Connection connection, List<CapabilityChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO capability_changes (account_id, runtime_id, seen_at, change_trigger, diff) VALUES (?, ?, ?, ?, ?)")) {
            for (CapabilityChange change : changes) {
                insert.setString(1, change.accountId());
                insert.setString(2, runtimeId);
                insert.setObject(3, utc(change.at()));
                insert.setString(4, change.trigger());
                insert.setString(5, json(change.diff()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertErrors(Connection connection, List<RecordedError> errors) throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO broker_errors (account_id, runtime_id, seen_at, operation, error) VALUES (?, ?, ?, ?, ?)")) {
            for (RecordedError error : errors) {
                insert.setString(1, error.accountId());
                insert.setString(2, runtimeId);
                insert.setObject(3, utc(error.at()));
                insert.setString(4, error.operation());
                insert.setString(5, json(error.error()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Keeps the newest {@code kept} changes of each account the batch touched. */
    private void pruneChanges(Connection connection, List<CapabilityChange> changes) throws SQLException {
        Set<String> accounts = new LinkedHashSet<>();
        changes.forEach(change -> accounts.add(change.accountId()));
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM capability_changes WHERE account_id = ? AND id <= "
                + "(SELECT id FROM capability_changes WHERE account_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            for (String account : accounts) {
                delete.setString(1, account);
                delete.setString(2, account);
                delete.setInt(3, limits.changesKeptPerAccount());
                delete.executeUpdate();
            }
        }
    }

    /** Keeps the newest {@code kept} errors. */
    private void pruneErrors(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM broker_errors WHERE id <= (SELECT id FROM broker_errors ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            delete.setInt(1, limits.errorsKept());
            delete.executeUpdate();
        }
    }

    /** The account's newest changes, at most the kept number, oldest first. */
    List<Seen<CapabilityChange>> changes(String accountId) throws SQLException {
        List<Seen<CapabilityChange>> seen = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT runtime_id, seen_at, change_trigger, diff "
                        + "FROM capability_changes WHERE account_id = ? ORDER BY id DESC LIMIT ?")) {
            query.setString(1, accountId);
            query.setInt(2, limits.changesKeptPerAccount());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    CapabilityDiff diff = parse(rows.getString("diff"), CapabilityDiff.class);
                    seen.add(new Seen<>(rows.getString("runtime_id"), new CapabilityChange(rows.getObject("seen_at", OffsetDateTime.class).toInstant(),
                            accountId, rows.getString("change_trigger"), diff)));
                }
            }
        }
        Collections.reverse(seen);
        return seen;
    }

    /** The errors seen since the given time, at most the kept number (the newest), oldest first. */
    List<Seen<RecordedError>> errorsSince(Instant since) throws SQLException {
        List<Seen<RecordedError>> seen = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT runtime_id, account_id, seen_at, operation, error "
                        + "FROM broker_errors WHERE seen_at >= ? ORDER BY id DESC LIMIT ?")) {
            query.setObject(1, utc(since));
            query.setInt(2, limits.errorsKept());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ErrorDetail error = parse(rows.getString("error"), ErrorDetail.class);
                    seen.add(new Seen<>(rows.getString("runtime_id"), new RecordedError(rows.getObject("seen_at", OffsetDateTime.class).toInstant(),
                            rows.getString("account_id"), rows.getString("operation"), error)));
                }
            }
        }
        Collections.reverse(seen);
        return seen;
    }

    /** With its offset, so that runtimes in different time zones agree on when. */
    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String json(Object value) throws SQLException {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T parse(String json, Class<T> type) throws SQLException {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot read a stored " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
