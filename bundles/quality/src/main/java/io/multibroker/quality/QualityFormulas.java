package io.multibroker.quality;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.quality.Figure;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The execution-quality formulas, in BigDecimal: with s = +1 for a buy and -1 for a sell, p the fill price and m the
 * reference mid,
 * <ul>
 * <li>effective spread {@code 2 s (p - m_arrival)}: what the trader paid over the mid, both ways;</li>
 * <li>quoted spread {@code ask - bid} at arrival, and E/Q the effective over the quoted spread;</li>
 * <li>price improvement {@code s (far side - p)}, the far side being the ask for a buy and the bid for a sell: positive
 * when the fill beat the quote;</li>
 * <li>markout {@code s (m_{t+h} - p)}: positive when the market moved the trader's way after the fill;</li>
 * <li>for a limit order of Q units of which f filled and u = Q - f did not, the implementation shortfall per unit ordered
 * {@code (s (p - m_arrival) f + s (m_{arrival+h} - m_arrival) u) / Q}: the executed part's cost against the arrival mid
 * plus the unfilled part's opportunity cost, what the market moved away from the order by the horizon h. Positive is a
 * cost. In basis points of the arrival mid.</li>
 * </ul>
 * In pips (over the instrument's pip) and in basis points: of the arrival mid for the arrival figures, of the fill price
 * for markouts (which exist without an arrival quote). Figures are rounded half-even to {@value #SCALE} decimals.
 */
final class QualityFormulas {

    static final int SCALE = 6;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal BASIS_POINTS = BigDecimal.valueOf(10_000);

    private QualityFormulas() {
    }

    static BigDecimal mid(BigDecimal bid, BigDecimal ask) {
        return bid.add(ask).divide(TWO);
    }

    static Figure effectiveSpread(OrderSide side, BigDecimal fillPrice, BigDecimal arrivalMid, BigDecimal pip) {
        BigDecimal spread = TWO.multiply(signed(side, fillPrice.subtract(arrivalMid)));
        return figure(spread, pip, arrivalMid);
    }

    static Figure quotedSpread(BigDecimal bid, BigDecimal ask, BigDecimal pip) {
        return figure(ask.subtract(bid), pip, mid(bid, ask));
    }

    /** E/Q, or null when the quoted spread is not positive (a locked or crossed quote has no ratio). */
    static BigDecimal effectiveOverQuoted(OrderSide side, BigDecimal fillPrice, BigDecimal bid, BigDecimal ask) {
        BigDecimal quoted = ask.subtract(bid);
        if (quoted.signum() <= 0) {
            return null;
        }
        BigDecimal effective = TWO.multiply(signed(side, fillPrice.subtract(mid(bid, ask))));
        return effective.divide(quoted, SCALE, RoundingMode.HALF_EVEN);
    }

    static Figure priceImprovement(OrderSide side, BigDecimal fillPrice, BigDecimal bid, BigDecimal ask, BigDecimal pip) {
        BigDecimal farSide = side == OrderSide.BUY ? ask : bid;
        return figure(signed(side, farSide.subtract(fillPrice)), pip, mid(bid, ask));
    }

    static Figure markout(OrderSide side, BigDecimal fillPrice, BigDecimal midAtHorizon, BigDecimal pip) {
        return figure(signed(side, midAtHorizon.subtract(fillPrice)), pip, fillPrice);
    }

    /** The units filled over the units ordered. */
    static BigDecimal fillRatio(BigDecimal filled, BigDecimal ordered) {
        return filled.divide(ordered, SCALE, RoundingMode.HALF_EVEN);
    }

    /** The executed part's cost {@code s (p - m_arrival) f}, a price difference times units (zero when nothing filled). */
    static BigDecimal executedCost(OrderSide side, BigDecimal fillPrice, BigDecimal arrivalMid, BigDecimal filled) {
        return filled.signum() == 0 ? BigDecimal.ZERO : signed(side, fillPrice.subtract(arrivalMid)).multiply(filled);
    }

    /** The unfilled part's opportunity cost {@code s (m_{arrival+h} - m_arrival) u}, a price difference times units. */
    static BigDecimal opportunityCost(OrderSide side, BigDecimal horizonMid, BigDecimal arrivalMid, BigDecimal unfilled) {
        return signed(side, horizonMid.subtract(arrivalMid)).multiply(unfilled);
    }

    /** A cost in price times units as a figure per unit ordered: in pips, and in basis points of the arrival mid. */
    static Figure perUnitOrdered(BigDecimal cost, BigDecimal ordered, BigDecimal pip, BigDecimal arrivalMid) {
        return new Figure(cost.divide(ordered.multiply(pip), SCALE, RoundingMode.HALF_EVEN),
                cost.multiply(BASIS_POINTS).divide(ordered.multiply(arrivalMid), SCALE, RoundingMode.HALF_EVEN));
    }

    private static BigDecimal signed(OrderSide side, BigDecimal value) {
        return side == OrderSide.BUY ? value : value.negate();
    }

    private static Figure figure(BigDecimal priceDifference, BigDecimal pip, BigDecimal base) {
        return new Figure(priceDifference.divide(pip, SCALE, RoundingMode.HALF_EVEN),
                priceDifference.multiply(BASIS_POINTS).divide(base, SCALE, RoundingMode.HALF_EVEN));
    }
}
