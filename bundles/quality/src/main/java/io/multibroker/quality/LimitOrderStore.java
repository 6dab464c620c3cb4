package io.multibroker.quality;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.LimitOrderQuality;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary.LimitOrderMeans;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code limit_order_quality} table: one row per limit order that ended, keyed by account and client order id,
 * written when it ends and updated once its implementation shortfall's horizon has passed. Made by the same migrations as
 * {@code fill_quality} ({@code db/quality}, version 2).
 */
final class LimitOrderStore {

    private static final Logger LOG = LoggerFactory.getLogger(LimitOrderStore.class);
    private static final String COLUMNS = "account_id, client_order_id, instrument, side, ordered_units, filled_units, limit_price, "
            + "average_fill_price, submitted_at, last_fill_at, ended_at, ended_as, reference_account, experiment, arm, override_arm, "
            + "arrival_mid, fill_ratio, time_to_fill_ms, horizon_state, horizon_mid, executed_cost_pips, executed_cost_bp, "
            + "opportunity_cost_pips, opportunity_cost_bp, shortfall_pips, shortfall_bp, note, recorded_at";
    private static final int COLUMN_COUNT = COLUMNS.split(",").length;
    private static final int TIMEOUT_SECONDS = 10;
    private static final int PAGE = 10_000;

    private final DataSource dataSource;

    /** @param dataSource a database the {@code quality} migrations have been applied to ({@link FillQualityStore} does) */
    LimitOrderStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One order's shortfall once its horizon passed (or was given up). */
    record ShortfallUpdate(String accountId, String clientOrderId, MarkoutState state, BigDecimal horizonMid, Figure opportunityCost,
            Figure implementationShortfall, String note) {
    }

    /**
     * Inserts the orders in one transaction; when that fails, each on its own, so that one order already recorded (the
     * unique key refuses it: an end reported twice, by its event and by a reconciliation) costs the others nothing.
     *
     * @return the orders inserted
     */
    int insert(List<LimitOrderQuality> orders, Instant recordedAt) {
        if (orders.isEmpty()) {
            return 0;
        }
        try {
            insertAll(orders, recordedAt);
            return orders.size();
        } catch (SQLException batch) {
            int inserted = 0;
            for (LimitOrderQuality order : orders) {
                try {
                    insertAll(List.of(order), recordedAt);
                    inserted++;
                } catch (SQLException e) {
                    if (FillQualityStore.refusedByKey(e)) {
                        LOG.debug("limit order {} at {} recorded already", order.clientOrderId(), order.accountId());
                    } else {
                        LOG.error("limit order quality of {} at {} not stored: {}", order.clientOrderId(), order.accountId(), e.toString());
                    }
                }
            }
            return inserted;
        }
    }

    private void insertAll(List<LimitOrderQuality> orders, Instant recordedAt) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(COLUMN_COUNT, "?"));
        FillQualityStore.inTransaction(dataSource, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO limit_order_quality (" + COLUMNS + ") VALUES (" + marks + ")")) {
                insert.setQueryTimeout(TIMEOUT_SECONDS);
                for (LimitOrderQuality order : orders) {
                    int i = 0;
                    insert.setString(++i, order.accountId());
                    insert.setString(++i, order.clientOrderId());
                    insert.setString(++i, order.instrument());
                    insert.setString(++i, order.side().name());
                    i = FillQualityRows.decimals(insert, i, order.orderedUnits(), order.filledUnits(), order.limitPrice(),
                            order.averageFillPrice());
                    insert.setTimestamp(++i, Timestamp.from(order.submittedAt()));
                    insert.setTimestamp(++i, order.lastFillAt() == null ? null : Timestamp.from(order.lastFillAt()));
                    insert.setTimestamp(++i, Timestamp.from(order.endedAt()));
                    insert.setString(++i, order.endedAs());
                    insert.setString(++i, order.referenceAccount());
                    insert.setString(++i, order.experiment());
                    insert.setString(++i, order.arm());
                    insert.setBoolean(++i, order.override());
                    i = FillQualityRows.decimals(insert, i, order.arrivalMid(), order.fillRatio());
                    if (order.timeToFill() == null) {
                        insert.setNull(++i, Types.BIGINT);
                    } else {
                        insert.setLong(++i, order.timeToFill().toMillis());
                    }
                    insert.setString(++i, order.horizonState().name());
                    i = FillQualityRows.decimals(insert, i, order.horizonMid());
                    i = FillQualityRows.figure(insert, i, order.executedCost());
                    i = FillQualityRows.figure(insert, i, order.opportunityCost());
                    i = FillQualityRows.figure(insert, i, order.implementationShortfall());
                    insert.setString(++i, order.note() == null ? null : FillQualityRows.truncate(order.note(), 500));
                    insert.setTimestamp(++i, Timestamp.from(recordedAt));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /** Sets the shortfalls taken (or given up) in one transaction; a note is added to the row's, not put in its place. */
    void updateShortfalls(List<ShortfallUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        FillQualityStore.inTransaction(dataSource, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE limit_order_quality SET horizon_state = ?, horizon_mid = ?, "
                    + "opportunity_cost_pips = ?, opportunity_cost_bp = ?, shortfall_pips = ?, shortfall_bp = ?, "
                    + "note = CASE WHEN CAST(? AS VARCHAR(500)) IS NULL THEN note WHEN note IS NULL THEN CAST(? AS VARCHAR(500)) "
                    + "ELSE SUBSTRING(note || '; ' || CAST(? AS VARCHAR(500)), 1, 500) END "
                    + "WHERE account_id = ? AND client_order_id = ?")) {
                update.setQueryTimeout(TIMEOUT_SECONDS);
                for (ShortfallUpdate shortfall : updates) {
                    int i = 0;
                    update.setString(++i, shortfall.state().name());
                    i = FillQualityRows.decimals(update, i, shortfall.horizonMid());
                    i = FillQualityRows.figure(update, i, shortfall.opportunityCost());
                    i = FillQualityRows.figure(update, i, shortfall.implementationShortfall());
                    String note = shortfall.note() == null ? null : FillQualityRows.truncate(shortfall.note(), 500);
                    for (int n = 0; n < 3; n++) {
                        update.setString(++i, note);
                    }
                    update.setString(++i, shortfall.accountId());
                    update.setString(++i, shortfall.clientOrderId());
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    /** The orders the query selects, oldest first (with a limit: the newest that many). */
    List<LimitOrderQuality> orders(QualityQuery query) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = FillQualityStore.where(query, parameters, "ended_at", false);
        String sql = "SELECT " + COLUMNS + " FROM limit_order_quality" + where + " ORDER BY id DESC"
                + (query.limit() > 0 ? " LIMIT " + query.limit() : "");
        List<LimitOrderQuality> orders = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            FillQualityStore.bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    orders.add(read(rows, 0));
                }
            }
        }
        Collections.reverse(orders);
        return orders;
    }

    /** The orders the query selects (its limit ignored), oldest first, in pages of {@value #PAGE} by id. */
    void forEach(QualityQuery query, Consumer<LimitOrderQuality> consumer) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = FillQualityStore.where(query, parameters, "ended_at", false);
        String sql = "SELECT id, " + COLUMNS + " FROM limit_order_quality" + where + (where.isEmpty() ? " WHERE" : " AND")
                + " id > ? ORDER BY id LIMIT " + PAGE;
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            long after = 0;
            int inPage;
            do {
                FillQualityStore.bind(select, parameters);
                select.setLong(parameters.size() + 1, after);
                inPage = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        after = rows.getLong(1);
                        consumer.accept(read(rows, 1));
                        inPage++;
                    }
                }
            } while (inPage == PAGE);
        }
    }

    /** The means per account and instrument (keyed {@code account + '\n' + instrument}, in that order), computed by the database. */
    Map<String, LimitOrderMeans> summary(QualityQuery query) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = FillQualityStore.where(query, parameters, "ended_at", false);
        String sql = "SELECT account_id, instrument, COUNT(*), SUM(CASE WHEN filled_units > 0 THEN 1 ELSE 0 END), AVG(fill_ratio), "
                + "AVG(time_to_fill_ms), SUM(CASE WHEN shortfall_pips IS NOT NULL THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN horizon_state = 'GAP' THEN 1 ELSE 0 END), SUM(CASE WHEN horizon_state = 'PENDING' THEN 1 ELSE 0 END), "
                + "AVG(shortfall_pips), AVG(shortfall_bp) FROM limit_order_quality" + where
                + " GROUP BY account_id, instrument ORDER BY account_id, instrument";
        Map<String, LimitOrderMeans> means = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            FillQualityStore.bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long orders = rows.getLong(3);
                    long filled = rows.getLong(4);
                    BigDecimal pips = rows.getBigDecimal(10);
                    BigDecimal bp = rows.getBigDecimal(11);
                    means.put(rows.getString(1) + '\n' + rows.getString(2), new LimitOrderMeans(orders, filled,
                            BigDecimal.valueOf(filled).divide(BigDecimal.valueOf(orders), QualityFormulas.SCALE, RoundingMode.HALF_EVEN),
                            scaled(rows.getBigDecimal(5)), scaled(rows.getBigDecimal(6)), rows.getLong(7), rows.getLong(8), rows.getLong(9),
                            pips == null || bp == null ? null : new Figure(scaled(pips), scaled(bp))));
                }
            }
        }
        return means;
    }

    private static BigDecimal scaled(BigDecimal value) {
        return value == null ? null : value.setScale(QualityFormulas.SCALE, RoundingMode.HALF_EVEN);
    }

    private static LimitOrderQuality read(ResultSet rows, int skip) throws SQLException {
        int i = skip;
        String accountId = rows.getString(++i);
        String clientOrderId = rows.getString(++i);
        String instrument = rows.getString(++i);
        OrderSide side = OrderSide.valueOf(rows.getString(++i));
        BigDecimal ordered = FillQualityRows.exact(rows.getBigDecimal(++i));
        BigDecimal filled = FillQualityRows.exact(rows.getBigDecimal(++i));
        BigDecimal limitPrice = FillQualityRows.exact(rows.getBigDecimal(++i));
        BigDecimal averageFillPrice = FillQualityRows.exact(rows.getBigDecimal(++i));
        Instant submittedAt = rows.getTimestamp(++i).toInstant();
        Timestamp lastFill = rows.getTimestamp(++i);
        Instant endedAt = rows.getTimestamp(++i).toInstant();
        String endedAs = rows.getString(++i);
        String reference = rows.getString(++i);
        String experiment = rows.getString(++i);
        String arm = rows.getString(++i);
        boolean override = rows.getBoolean(++i);
        BigDecimal arrivalMid = FillQualityRows.exact(rows.getBigDecimal(++i));
        BigDecimal fillRatio = rows.getBigDecimal(++i);
        long millis = rows.getLong(++i);
        Duration timeToFill = rows.wasNull() ? null : Duration.ofMillis(millis);
        MarkoutState state = MarkoutState.valueOf(rows.getString(++i));
        BigDecimal horizonMid = FillQualityRows.exact(rows.getBigDecimal(++i));
        Figure executed = FillQualityRows.figure(rows, i);
        i += 2;
        Figure opportunity = FillQualityRows.figure(rows, i);
        i += 2;
        Figure shortfall = FillQualityRows.figure(rows, i);
        i += 2;
        String note = rows.getString(++i);
        return new LimitOrderQuality(accountId, clientOrderId, instrument, side, ordered, filled, limitPrice, averageFillPrice, submittedAt,
                lastFill == null ? null : lastFill.toInstant(), endedAt, endedAs, reference, experiment, arm, override, arrivalMid, fillRatio,
                timeToFill, state, horizonMid, executed, opportunity, shortfall, note);
    }
}
