package io.multibroker.quality;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.Markout;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@code fill_quality} row and a {@link FillQuality}, each made from the other: the store's column mapping. */
final class FillQualityRows {

    private FillQualityRows() {
    }

    /** The row's columns after the first {@code skip} ones. */
    static FillQuality read(ResultSet rows, int skip) throws SQLException {
        int i = skip;
        String accountId = rows.getString(++i);
        String clientOrderId = rows.getString(++i);
        String brokerOrderId = rows.getString(++i);
        String instrument = rows.getString(++i);
        OrderSide side = OrderSide.valueOf(rows.getString(++i));
        BigDecimal units = exact(rows.getBigDecimal(++i));
        BigDecimal fillPrice = exact(rows.getBigDecimal(++i));
        Timestamp submitted = rows.getTimestamp(++i);
        Instant filledAt = rows.getTimestamp(++i).toInstant();
        String reference = rows.getString(++i);
        String experiment = rows.getString(++i);
        String arm = rows.getString(++i);
        boolean override = rows.getBoolean(++i);
        BigDecimal bid = exact(rows.getBigDecimal(++i));
        BigDecimal ask = exact(rows.getBigDecimal(++i));
        BigDecimal mid = exact(rows.getBigDecimal(++i));
        Figure effective = figure(rows, i);
        i += 2;
        Figure quoted = figure(rows, i);
        i += 2;
        BigDecimal eOverQ = rows.getBigDecimal(++i);
        Figure improvement = figure(rows, i);
        i += 2;
        List<Markout> markouts = new ArrayList<>();
        for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
            MarkoutState state = MarkoutState.valueOf(rows.getString(++i));
            BigDecimal markoutMid = exact(rows.getBigDecimal(++i));
            Figure value = figure(rows, i);
            i += 2;
            markouts.add(new Markout(horizon, state, markoutMid, state == MarkoutState.MEASURED ? value : null));
        }
        String note = rows.getString(++i);
        ++i;
        boolean shadow = rows.getBoolean(++i);
        return new FillQuality(accountId, clientOrderId, brokerOrderId, instrument, side, units, fillPrice,
                submitted == null ? null : submitted.toInstant(), filledAt, reference, experiment, arm, override, bid, ask, mid,
                effective, quoted, eOverQ, improvement, markouts, note, shadow);
    }

    /**
     * A price or quantity as it was written: the column's fixed scale pads it with zeros (1.10015 reads 1.100150000000),
     * which are dropped again, down to no fewer decimals than a whole number has.
     */
    static BigDecimal exact(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    static Figure figure(ResultSet rows, int before) throws SQLException {
        BigDecimal pips = rows.getBigDecimal(before + 1);
        BigDecimal bp = rows.getBigDecimal(before + 2);
        return pips == null || bp == null ? null : new Figure(pips, bp);
    }

    static int decimals(PreparedStatement statement, int before, BigDecimal... values) throws SQLException {
        int i = before;
        for (BigDecimal value : values) {
            if (value == null) {
                statement.setNull(++i, Types.DECIMAL);
            } else {
                statement.setBigDecimal(++i, value);
            }
        }
        return i;
    }

    static int figure(PreparedStatement statement, int before, Figure figure) throws SQLException {
        return decimals(statement, before, figure == null ? null : figure.pips(), figure == null ? null : figure.bp());
    }

    static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
