package io.multibroker.journal;

import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The journal's tables as committed: an order by either id, the open and unresolved orders, queries by account, scope and
 * time, and an order's entries. Reads only; {@link JournalStore} writes.
 */
final class JournalReads {

    static final String ORDER_COLUMNS = "account, client_order_id, broker_order_id, instrument, side, order_type, status, "
            + "requested_units, filled_units, average_price, price, routing, replaces_id, replaced_by_id, adopted, unresolved, "
            + "reason, created_at, updated_at";
    static final String ENTRY_COLUMNS = "account, client_order_id, broker_order_id, kind, status, fill_units, fill_price, "
            + "filled_units, average_price, related_id, broker_event_id, reason, detail, broker_time, recorded_at";

    /** The statuses of an order that has been answered and is not finished; an order without an answer has none. */
    private static final String OPEN_STATUSES = "'ACCEPTED', 'PARTIALLY_FILLED', 'UNKNOWN'";

    private final DataSource dataSource;

    JournalReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<JournalOrder> order(String accountId, String clientOrderId) {
        List<JournalOrder> found = queryOrders("SELECT " + ORDER_COLUMNS + " FROM journal_order WHERE account = ? AND client_order_id = ?",
                accountId, clientOrderId);
        return found.stream().findFirst();
    }

    Optional<JournalOrder> orderByBrokerId(String accountId, String brokerOrderId) {
        List<JournalOrder> found = queryOrders("SELECT " + ORDER_COLUMNS + " FROM journal_order WHERE account = ? AND broker_order_id = ?",
                accountId, brokerOrderId);
        return found.stream().findFirst();
    }

    /** Orders resting, partially filled, unanswered or unknown, of every account. */
    List<JournalOrder> openOrders() {
        return ordersUnansweredOr(OPEN_STATUSES, List.of(), List.of(), " ORDER BY created_at");
    }

    /** The account's open orders as committed, whoever wrote them (another runtime that drove the account before). */
    List<JournalOrder> openOrders(String accountId) {
        return ordersUnansweredOr(OPEN_STATUSES, List.of("account = ?"), List.of(accountId), " ORDER BY created_at");
    }

    List<JournalOrder> unresolved() {
        return queryOrders("SELECT " + ORDER_COLUMNS + " FROM journal_order WHERE unresolved = TRUE ORDER BY created_at");
    }

    List<JournalOrder> orders(JournalQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (query.accountId() != null) {
            conditions.add("account = ?");
            parameters.add(query.accountId());
        }
        if (query.since() != null) {
            conditions.add("updated_at >= ?");
            parameters.add(Timestamp.from(query.since()));
        }
        String ordering = " ORDER BY updated_at DESC, created_at DESC LIMIT " + query.limit();
        return switch (query.scope()) {
            case OPEN -> ordersUnansweredOr(OPEN_STATUSES, conditions, parameters, ordering);
            case UNKNOWN -> ordersUnansweredOr("'UNKNOWN'", conditions, parameters, ordering);
            case ALL -> queryOrders("SELECT " + ORDER_COLUMNS + " FROM journal_order"
                    + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + ordering, parameters.toArray());
        };
    }

    /**
     * The orders that meet the conditions and have no answer yet (no status) or one of the statuses, asked as two lookups
     * of the status index joined by UNION ALL. Asked as "status IS NULL OR status IN (...)", H2 reads every order the
     * journal ever had (its plan is a table scan), and the journal keeps them all: a start, a metrics scrape and a
     * listing would each take longer the longer the runtime has traded. A status is null or not: no order is in both.
     */
    private List<JournalOrder> ordersUnansweredOr(String statuses, List<String> conditions, List<Object> parameters, String ordering) {
        String where = conditions.stream().map(condition -> condition + " AND ").collect(Collectors.joining());
        String sql = "SELECT " + ORDER_COLUMNS + " FROM journal_order WHERE " + where + "status IS NULL UNION ALL SELECT "
                + ORDER_COLUMNS + " FROM journal_order WHERE " + where + "status IN (" + statuses + ")" + ordering;
        List<Object> bothHalves = new ArrayList<>(parameters);
        bothHalves.addAll(parameters);
        return queryOrders(sql, bothHalves.toArray());
    }

    List<JournalEntry> entries(String accountId, String clientOrderId) {
        return queryEntries("SELECT id, " + ENTRY_COLUMNS + " FROM journal_entry WHERE account = ? AND client_order_id = ? ORDER BY id",
                accountId, clientOrderId);
    }

    /** The latest entries, newest first (ids are in commit order). */
    List<JournalEntry> recentEntries(String accountId, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, " + ENTRY_COLUMNS + " FROM journal_entry WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (accountId != null) {
            sql.append(" AND account = ?");
            parameters.add(accountId);
        }
        if (since != null) {
            sql.append(" AND recorded_at >= ?");
            parameters.add(Timestamp.from(since));
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        return queryEntries(sql.toString(), parameters.toArray());
    }

    private List<JournalEntry> queryEntries(String sql, Object... parameters) {
        List<JournalEntry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.add(new JournalEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            JournalEntryKind.valueOf(rows.getString(5)), status(rows.getString(6)), decimal(rows, 7), decimal(rows, 8),
                            decimal(rows, 9), decimal(rows, 10), rows.getString(11), rows.getString(12), rows.getString(13),
                            rows.getString(14), time(rows, 15), time(rows, 16)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the order journal: " + e.getMessage(), e);
        }
        return entries;
    }

    /** How many entries the journal holds: for checks and measurements. */
    long entryCount() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM journal_entry")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the order journal: " + e.getMessage(), e);
        }
    }

    private List<JournalOrder> queryOrders(String sql, Object... parameters) {
        List<JournalOrder> orders = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    orders.add(new JournalOrder(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5) == null ? null : OrderSide.valueOf(rows.getString(5)),
                            rows.getString(6) == null ? null : OrderType.valueOf(rows.getString(6)), status(rows.getString(7)),
                            decimal(rows, 8), decimal(rows, 9), decimal(rows, 10), decimal(rows, 11), rows.getString(12),
                            rows.getString(13), rows.getString(14), rows.getBoolean(15), rows.getBoolean(16), rows.getString(17),
                            time(rows, 18), time(rows, 19)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the order journal: " + e.getMessage(), e);
        }
        return orders;
    }

    private static OrderStatus status(String name) {
        return name == null ? null : OrderStatus.valueOf(name);
    }

    /** Decimals come back at the column's scale (1000.0000000000): without the trailing zeros, as they were written. */
    private static BigDecimal decimal(ResultSet rows, int column) throws SQLException {
        BigDecimal value = rows.getBigDecimal(column);
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Instant time(ResultSet rows, int column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
