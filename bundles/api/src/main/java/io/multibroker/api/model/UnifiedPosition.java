package io.multibroker.api.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The open position of an account in one instrument. A netting account has at most one of the two
 * sides open; a hedging account can hold both.
 *
 * @param instrument the symbol
 * @param longUnits units held long (zero or positive)
 * @param longAveragePrice average entry price of the long units, or null when there are none
 * @param shortUnits units held short (zero or positive)
 * @param shortAveragePrice average entry price of the short units, or null when there are none
 * @param unrealizedPnl profit or loss at current prices, in the account currency
 * @param marginUsed margin held for this position, in the account currency
 */
public record UnifiedPosition(String instrument, BigDecimal longUnits, BigDecimal longAveragePrice,
        BigDecimal shortUnits, BigDecimal shortAveragePrice, BigDecimal unrealizedPnl, BigDecimal marginUsed) {

    public UnifiedPosition {
        Objects.requireNonNull(instrument, "instrument");
        longUnits = longUnits == null ? BigDecimal.ZERO : longUnits;
        shortUnits = shortUnits == null ? BigDecimal.ZERO : shortUnits;
        if (longUnits.signum() < 0 || shortUnits.signum() < 0) {
            throw new IllegalArgumentException("position units are given per side and must not be negative");
        }
    }

    /** Long minus short units. */
    public BigDecimal netUnits() {
        return longUnits.subtract(shortUnits);
    }
}
