package io.multibroker.api.quality;

import io.multibroker.api.model.OrderSide;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * What one limit order that ended (filled, cancelled or expired, filled in full, in part or not at all) was worth: how
 * much of it filled, how long that took, and its implementation shortfall against the arrival mid, the unfilled part
 * counted at its opportunity cost. With s = +1 for a buy and -1 for a sell, p the average fill price, m the reference
 * mid, Q the units ordered, f those filled and u = Q - f:
 * {@code IS = (s (p - m_arrival) f + s (m_{arrival + horizon} - m_arrival) u) / Q}, per unit ordered, in pips and in
 * basis points of the arrival mid (since 1.1).
 *
 * @param accountId the account
 * @param clientOrderId the client order id
 * @param instrument the symbol
 * @param side buy or sell
 * @param orderedUnits the units ordered (Q)
 * @param filledUnits the units filled (f)
 * @param limitPrice the limit price, or null when the journal did not have it
 * @param averageFillPrice the average fill price (p), or null when nothing filled
 * @param submittedAt when the order was submitted (its journalled intent)
 * @param lastFillAt when its last fill came, or null when nothing filled
 * @param endedAt when it ended (its last fill, cancel or expiry)
 * @param endedAs how it ended: {@code FILLED}, {@code CANCELLED}, {@code EXPIRED} (or the status a reconciliation found)
 * @param referenceAccount the account whose prices judge it
 * @param experiment the experiment that routed it, or null
 * @param arm the experiment arm, or null
 * @param override true when the experiment's assigned arm could not take it
 * @param arrivalMid the reference mid at submission, or null when there was no quote fit to use
 * @param fillRatio f / Q
 * @param timeToFill from submission to the last fill, or null when nothing filled
 * @param horizonState where the mid at {@code submittedAt + horizon} stands: MEASURED once taken, PENDING before, GAP
 *        when the reference stream had a gap then, SKIPPED when not taken; MEASURED without one when nothing was unfilled
 * @param horizonMid the reference mid at {@code submittedAt + horizon}, or null
 * @param executedCost {@code s (p - m_arrival) f / Q}, or null without an arrival mid
 * @param opportunityCost {@code s (m_{arrival + horizon} - m_arrival) u / Q}, or null unless the horizon's mid was taken
 * @param implementationShortfall the sum of both, or null while the opportunity cost is not known (never a guess)
 * @param note why figures are missing, or null
 */
public record LimitOrderQuality(String accountId, String clientOrderId, String instrument, OrderSide side, BigDecimal orderedUnits,
        BigDecimal filledUnits, BigDecimal limitPrice, BigDecimal averageFillPrice, Instant submittedAt, Instant lastFillAt,
        Instant endedAt, String endedAs, String referenceAccount, String experiment, String arm, boolean override,
        BigDecimal arrivalMid, BigDecimal fillRatio, Duration timeToFill, MarkoutState horizonState, BigDecimal horizonMid,
        Figure executedCost, Figure opportunityCost, Figure implementationShortfall, String note) {

    /** Whether any of it filled. */
    public boolean filled() {
        return filledUnits.signum() > 0;
    }
}
