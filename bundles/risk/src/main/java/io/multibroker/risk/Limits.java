package io.multibroker.risk;

import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The limits of one scope (global, or one account), as parsed from its configuration; null or 0 where none is set.
 * Immutable: a change of configuration makes a new one, which the next order sees.
 *
 * @param lossAction the state a daily-loss breach moves the account to; null in an account's limits means the global setting
 */
record Limits(BigDecimal maxOrderUnits, BigDecimal maxOrderNotional, BigDecimal maxPositionUnits, BigDecimal maxPositionNotional,
        int maxOpenOrders, int maxOrdersPerSecond, int maxOrdersPerMinute, BigDecimal maxDailyLoss, BigDecimal collarPercent,
        Map<String, InstrumentLimits> instruments, TradingState lossAction) {

    static final Limits NONE = new Limits(null, null, null, null, 0, 0, 0, null, null, Map.of(), null);

    Limits {
        instruments = Map.copyOf(instruments);
    }

    /** An instrument's own limits, or null. */
    InstrumentLimits instrument(String symbol) {
        return instruments.isEmpty() ? null : instruments.get(symbol);
    }

    /** Whether any position limit holds for the instrument. */
    boolean limitsPosition(String symbol) {
        InstrumentLimits own = instrument(symbol);
        return maxPositionUnits != null || maxPositionNotional != null
                || own != null && (own.maxPositionUnits() != null || own.maxPositionNotional() != null);
    }

    /** The limits one instrument has of its own, beside the scope's. */
    record InstrumentLimits(BigDecimal maxOrderUnits, BigDecimal maxOrderNotional, BigDecimal maxPositionUnits,
            BigDecimal maxPositionNotional) {
    }
}
