package io.multibroker.api.quality;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The mean figures of one account's fills in one instrument.
 *
 * @param accountId the account
 * @param instrument the instrument
 * @param fills the fills counted
 * @param quoted the fills with an arrival quote (the means of the arrival figures are over these)
 * @param effectiveSpread the mean effective spread, or null when no fill had an arrival quote
 * @param effectiveOverQuoted the mean E/Q, or null
 * @param priceImprovement the mean price improvement, or null
 * @param markouts each horizon's mean over the fills it was measured for
 * @param firstFill the first fill's time (null when the account only has limit orders that did not fill)
 * @param lastFill the last fill's time (null when the account only has limit orders that did not fill)
 * @param limitOrders the limit orders that ended in this account and instrument, or null when none did (since 1.1)
 */
public record QualitySummary(String accountId, String instrument, long fills, long quoted, Figure effectiveSpread,
        BigDecimal effectiveOverQuoted, Figure priceImprovement, List<MarkoutMean> markouts, Instant firstFill, Instant lastFill,
        LimitOrderMeans limitOrders) {

    public QualitySummary {
        markouts = List.copyOf(markouts);
    }

    /** The figures of the fills alone. */
    public QualitySummary(String accountId, String instrument, long fills, long quoted, Figure effectiveSpread,
            BigDecimal effectiveOverQuoted, Figure priceImprovement, List<MarkoutMean> markouts, Instant firstFill, Instant lastFill) {
        this(accountId, instrument, fills, quoted, effectiveSpread, effectiveOverQuoted, priceImprovement, markouts, firstFill, lastFill,
                null);
    }

    /** The same figures with the limit orders' beside them. */
    public QualitySummary withLimitOrders(LimitOrderMeans limits) {
        return new QualitySummary(accountId, instrument, fills, quoted, effectiveSpread, effectiveOverQuoted, priceImprovement, markouts,
                firstFill, lastFill, limits);
    }

    /**
     * The limit orders of one account and instrument that ended (since 1.1).
     *
     * @param orders the limit orders that ended
     * @param filled those of them with any fill
     * @param filledShare filled / orders
     * @param fillRatio the mean of filled over ordered units per order
     * @param timeToFillMillis the mean time from submission to the last fill of the filled ones, or null when none filled
     * @param measured orders whose implementation shortfall is known
     * @param gaps orders without one because the reference stream had a gap at the horizon
     * @param pending orders whose horizon has not passed
     * @param implementationShortfall the mean implementation shortfall per unit ordered over the measured ones, or null
     */
    public record LimitOrderMeans(long orders, long filled, BigDecimal filledShare, BigDecimal fillRatio, BigDecimal timeToFillMillis,
            long measured, long gaps, long pending, Figure implementationShortfall) {
    }

    /**
     * One horizon's markouts.
     *
     * @param horizon the horizon
     * @param measured fills whose markout was measured
     * @param gaps fills without one because the reference stream had a gap then
     * @param pending fills whose horizon has not passed
     * @param mean the mean over the measured ones, or null when none was
     */
    public record MarkoutMean(MarkoutHorizon horizon, long measured, long gaps, long pending, Figure mean) {
    }
}
