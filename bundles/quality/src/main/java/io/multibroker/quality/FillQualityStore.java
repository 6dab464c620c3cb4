package io.multibroker.quality;

import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.Markout;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
import io.multibroker.api.quality.QualitySummary.MarkoutMean;
import io.multibroker.storage.SchemaMigrations;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code fill_quality} table: one row per filled order, keyed by account and client order id, written when the fill
 * is recorded and updated as each markout is taken. Plain SQL that H2 and PostgreSQL both run; the table is made and
 * upgraded by the scripts under {@code db/quality} ({@link SchemaMigrations}).
 */
final class FillQualityStore {

    private static final String COLUMNS = "account_id, client_order_id, broker_order_id, instrument, side, units, fill_price, "
            + "submitted_at, filled_at, reference_account, experiment, arm, override_arm, bid, ask, arrival_mid, "
            + "effective_spread_pips, effective_spread_bp, quoted_spread_pips, quoted_spread_bp, e_over_q, "
            + "price_improvement_pips, price_improvement_bp, "
            + Stream.of(MarkoutHorizon.values()).map(h -> column(h, "state") + ", " + column(h, "mid") + ", " + column(h, "pips")
                    + ", " + column(h, "bp")).collect(Collectors.joining(", "))
            + ", note, recorded_at, shadow";
    private static final int COLUMN_COUNT = COLUMNS.split(",").length;
    private static final int TIMEOUT_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(FillQualityStore.class);

    private final DataSource dataSource;

    FillQualityStore(DataSource dataSource) {
        this.dataSource = dataSource;
        SchemaMigrations.apply(dataSource, FillQualityStore.class.getClassLoader(), "quality", "fill_quality");
    }

    /** The limit orders' table, in the same database. */
    LimitOrderStore limitOrders() {
        return new LimitOrderStore(dataSource);
    }

    static String column(MarkoutHorizon horizon, String part) {
        return "markout_" + horizon.id() + "_" + part;
    }

    /**
     * Inserts the fills in one transaction; when that fails, each on its own, so that one the unique key refuses (an order
     * recorded already: its fill told again by a reconciliation) or one that cannot be stored costs the others nothing.
     *
     * @return the fills stored
     */
    List<FillQuality> insertNew(List<FillQuality> fills, Instant recordedAt) {
        try {
            insert(fills, recordedAt);
            return fills;
        } catch (SQLException batch) {
            List<FillQuality> stored = new ArrayList<>();
            for (FillQuality fill : fills) {
                try {
                    insert(List.of(fill), recordedAt);
                    stored.add(fill);
                } catch (SQLException e) {
                    if (refusedByKey(e)) {
                        LOG.debug("execution quality of order {} at {} recorded already", fill.clientOrderId(), fill.accountId());
                    } else {
                        LOG.error("execution quality of order {} at {} not stored: {}", fill.clientOrderId(), fill.accountId(), e.toString());
                    }
                }
            }
            return stored;
        }
    }

    /** Whether the database refused a row by a constraint (SQLSTATE class 23): here the unique key of an order recorded already. */
    static boolean refusedByKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /** Inserts the fills in one transaction. */
    void insert(List<FillQuality> fills, Instant recordedAt) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(COLUMN_COUNT, "?"));
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO fill_quality (" + COLUMNS + ") VALUES (" + marks + ")")) {
                insert.setQueryTimeout(TIMEOUT_SECONDS);
                for (FillQuality fill : fills) {
                    int i = 0;
                    insert.setString(++i, fill.accountId());
                    insert.setString(++i, fill.clientOrderId());
                    insert.setString(++i, fill.brokerOrderId());
                    insert.setString(++i, fill.instrument());
                    insert.setString(++i, fill.side().name());
                    insert.setBigDecimal(++i, fill.units());
                    insert.setBigDecimal(++i, fill.fillPrice());
                    insert.setTimestamp(++i, fill.submittedAt() == null ? null : Timestamp.from(fill.submittedAt()));
                    insert.setTimestamp(++i, Timestamp.from(fill.filledAt()));
                    insert.setString(++i, fill.referenceAccount());
                    insert.setString(++i, fill.experiment());
                    insert.setString(++i, fill.arm());
                    insert.setBoolean(++i, fill.override());
                    i = FillQualityRows.decimals(insert, i, fill.bid(), fill.ask(), fill.arrivalMid());
                    i = FillQualityRows.figure(insert, i, fill.effectiveSpread());
                    i = FillQualityRows.figure(insert, i, fill.quotedSpread());
                    i = FillQualityRows.decimals(insert, i, fill.effectiveOverQuoted());
                    i = FillQualityRows.figure(insert, i, fill.priceImprovement());
                    for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
                        Markout markout = fill.markout(horizon).orElse(Markout.pending(horizon));
                        insert.setString(++i, markout.state().name());
                        i = FillQualityRows.decimals(insert, i, markout.mid());
                        i = FillQualityRows.figure(insert, i, markout.value());
                    }
                    insert.setString(++i, fill.note() == null ? null : FillQualityRows.truncate(fill.note(), 500));
                    insert.setTimestamp(++i, Timestamp.from(recordedAt));
                    insert.setBoolean(++i, fill.shadow());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** Sets the markouts taken (or given up) in one transaction. */
    void updateMarkouts(List<MarkoutUpdate> updates) throws SQLException {
        inTransaction(connection -> {
            for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
                List<MarkoutUpdate> ofHorizon = updates.stream().filter(update -> update.markout().horizon() == horizon).toList();
                if (ofHorizon.isEmpty()) {
                    continue;
                }
                try (PreparedStatement update = connection.prepareStatement("UPDATE fill_quality SET " + column(horizon, "state")
                        + " = ?, " + column(horizon, "mid") + " = ?, " + column(horizon, "pips") + " = ?, " + column(horizon, "bp")
                        + " = ? WHERE account_id = ? AND client_order_id = ?")) {
                    update.setQueryTimeout(TIMEOUT_SECONDS);
                    for (MarkoutUpdate markoutUpdate : ofHorizon) {
                        Markout markout = markoutUpdate.markout();
                        update.setString(1, markout.state().name());
                        int i = FillQualityRows.decimals(update, 1, markout.mid());
                        i = FillQualityRows.figure(update, i, markout.value());
                        update.setString(++i, markoutUpdate.accountId());
                        update.setString(++i, markoutUpdate.clientOrderId());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
            }
        });
    }

    /** One markout of one order. */
    record MarkoutUpdate(String accountId, String clientOrderId, Markout markout) {
    }

    /** The fills the query selects, oldest first (with a limit: the newest that many). */
    List<FillQuality> fills(QualityQuery query) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = where(query, parameters);
        String sql = "SELECT " + COLUMNS + " FROM fill_quality" + where + " ORDER BY id DESC" + (query.limit() > 0 ? " LIMIT " + query.limit() : "");
        List<FillQuality> fills = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    fills.add(FillQualityRows.read(rows, 0));
                }
            }
        }
        Collections.reverse(fills);
        return fills;
    }

    /** Rows read at a time when the fills are handed on one by one. */
    private static final int PAGE = 10_000;

    /**
     * The fills the query selects (its limit ignored), oldest first, handed to the consumer one at a time in pages of
     * {@value #PAGE} by id, so that nothing beyond a page is held however many there are.
     */
    void forEach(QualityQuery query, Consumer<FillQuality> consumer) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = where(query, parameters);
        String sql = "SELECT id, " + COLUMNS + " FROM fill_quality" + where + (where.isEmpty() ? " WHERE" : " AND")
                + " id > ? ORDER BY id LIMIT " + PAGE;
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            long after = 0;
            int inPage;
            do {
                bind(select, parameters);
                select.setLong(parameters.size() + 1, after);
                inPage = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        consumer.accept(FillQualityRows.read(rows, 1));
                        inPage++;
                    }
                }
            } while (inPage == PAGE);
        }
    }

    /** The means per account and instrument, computed by the database. */
    List<QualitySummary> summary(QualityQuery query) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = where(query, parameters);
        StringBuilder sql = new StringBuilder("SELECT account_id, instrument, COUNT(*), COUNT(arrival_mid), AVG(effective_spread_pips), "
                + "AVG(effective_spread_bp), AVG(e_over_q), AVG(price_improvement_pips), AVG(price_improvement_bp), MIN(filled_at), "
                + "MAX(filled_at)");
        for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
            String state = column(horizon, "state");
            sql.append(", SUM(CASE WHEN ").append(state).append(" = 'MEASURED' THEN 1 ELSE 0 END)")
                    .append(", SUM(CASE WHEN ").append(state).append(" = 'GAP' THEN 1 ELSE 0 END)")
                    .append(", SUM(CASE WHEN ").append(state).append(" = 'PENDING' THEN 1 ELSE 0 END)")
                    .append(", AVG(").append(column(horizon, "pips")).append("), AVG(").append(column(horizon, "bp")).append(")");
        }
        sql.append(" FROM fill_quality").append(where).append(" GROUP BY account_id, instrument ORDER BY account_id, instrument");
        List<QualitySummary> summaries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql.toString())) {
            bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    List<MarkoutMean> markouts = new ArrayList<>();
                    int i = 11;
                    for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
                        long measured = rows.getLong(++i);
                        long gaps = rows.getLong(++i);
                        long pending = rows.getLong(++i);
                        Figure mean = mean(rows.getBigDecimal(++i), rows.getBigDecimal(++i));
                        markouts.add(new MarkoutMean(horizon, measured, gaps, pending, mean));
                    }
                    summaries.add(new QualitySummary(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                            mean(rows.getBigDecimal(5), rows.getBigDecimal(6)), scaled(rows.getBigDecimal(7)),
                            mean(rows.getBigDecimal(8), rows.getBigDecimal(9)), markouts, rows.getTimestamp(10).toInstant(),
                            rows.getTimestamp(11).toInstant()));
                }
            }
        }
        return summaries;
    }

    private static Figure mean(BigDecimal pips, BigDecimal bp) {
        return pips == null || bp == null ? null : new Figure(scaled(pips), scaled(bp));
    }

    private static BigDecimal scaled(BigDecimal value) {
        return value == null ? null : value.setScale(QualityFormulas.SCALE, RoundingMode.HALF_EVEN);
    }

    private static String where(QualityQuery query, List<Object> parameters) {
        return where(query, parameters, "filled_at", true);
    }

    /**
     * The query's conditions on a quality table.
     *
     * @param timeColumn the column {@code since} applies to
     * @param shadowRows whether the table holds shadow arms' rows, which belong to their experiment only
     */
    static String where(QualityQuery query, List<Object> parameters, String timeColumn, boolean shadowRows) {
        List<String> conditions = new ArrayList<>();
        if (query.accountId() != null) {
            conditions.add("account_id = ?");
            parameters.add(query.accountId());
        }
        if (query.instrument() != null) {
            conditions.add("instrument = ?");
            parameters.add(query.instrument());
        }
        if (query.experiment() != null) {
            conditions.add("experiment = ?");
            parameters.add(query.experiment());
        }
        if (query.since() != null) {
            conditions.add(timeColumn + " >= ?");
            parameters.add(Timestamp.from(query.since()));
        }
        if (query.experiment() == null && shadowRows) {
            // a shadow arm's rows are no fills: they belong to their experiment's comparison only
            conditions.add("shadow = FALSE");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }

    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    static void inTransaction(DataSource dataSource, Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private void inTransaction(Work work) throws SQLException {
        inTransaction(dataSource, work);
    }
}
