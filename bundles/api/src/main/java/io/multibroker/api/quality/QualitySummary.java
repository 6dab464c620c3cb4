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
 * @param firstFill the first fill's time
 * @param lastFill the last fill's time
 */
public record QualitySummary(String accountId, String instrument, long fills, long quoted, Figure effectiveSpread,
        BigDecimal effectiveOverQuoted, Figure priceImprovement, List<MarkoutMean> markouts, Instant firstFill, Instant lastFill) {

    public QualitySummary {
        markouts = List.copyOf(markouts);
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
