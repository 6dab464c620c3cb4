package io.multibroker.api.quality;

import io.multibroker.api.model.OrderSide;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one filled order was worth, against the quote of a reference price stream when it was submitted. The figures
 * that need the arrival quote are null when there was none fit to use (the stream had no fresh price then, or a gap):
 * {@link #note} says why.
 *
 * @param accountId the account that filled the order
 * @param clientOrderId its client order id (for an order without one, {@code broker:<broker order id>})
 * @param brokerOrderId the broker's id of the order, or null
 * @param instrument the symbol
 * @param side buy or sell
 * @param units the units filled
 * @param fillPrice the (average) fill price
 * @param submittedAt when the order was submitted (its journalled intent)
 * @param filledAt when it filled (the last fill)
 * @param referenceAccount the account whose prices it is judged against
 * @param experiment the experiment that routed it, or null
 * @param arm the experiment arm, or null
 * @param override true when the experiment's assigned arm could not take it
 * @param bid the reference bid at submission, or null
 * @param ask the reference ask at submission, or null
 * @param arrivalMid the reference mid at submission, or null
 * @param effectiveSpread {@code 2 s (p - m)} at arrival, or null
 * @param quotedSpread {@code ask - bid} at arrival, or null
 * @param effectiveOverQuoted effective over quoted spread (E/Q), or null (also when the quoted spread was 0)
 * @param priceImprovement {@code s (far-side quote - p)}: positive when the fill beat the quote, or null
 * @param markouts the markout at each horizon
 * @param note why figures are missing, or null
 * @param shadow true for a shadow arm's row: no order, but what the shadow account would have paid for the live arm's order
 *        of the same client order id (the far side of its quote at submission, {@code fillPrice}, taken at {@code submittedAt})
 */
public record FillQuality(String accountId, String clientOrderId, String brokerOrderId, String instrument, OrderSide side,
        BigDecimal units, BigDecimal fillPrice, Instant submittedAt, Instant filledAt, String referenceAccount, String experiment,
        String arm, boolean override, BigDecimal bid, BigDecimal ask, BigDecimal arrivalMid, Figure effectiveSpread,
        Figure quotedSpread, BigDecimal effectiveOverQuoted, Figure priceImprovement, List<Markout> markouts, String note,
        boolean shadow) {

    public FillQuality {
        markouts = List.copyOf(markouts);
    }

    /** The markout at the horizon. */
    public Optional<Markout> markout(MarkoutHorizon horizon) {
        return markouts.stream().filter(markout -> markout.horizon() == horizon).findFirst();
    }
}
