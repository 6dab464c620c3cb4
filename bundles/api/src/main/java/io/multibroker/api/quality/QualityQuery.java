package io.multibroker.api.quality;

import java.time.Instant;

/**
 * Which fills to read.
 *
 * @param accountId only this account, or null for all
 * @param instrument only this instrument, or null for all
 * @param experiment only orders routed by this experiment (overrides included) and its shadow arms' rows, or null for all
 *        fills (shadow rows, which are no fills, only with an experiment)
 * @param since only fills at or after this time, or null for all
 * @param limit at most this many fills, the newest (0 for no limit)
 */
public record QualityQuery(String accountId, String instrument, String experiment, Instant since, int limit) {

    public QualityQuery {
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit + ": must be 0 (no limit) or more");
        }
    }

    /** Every fill. */
    public static QualityQuery all() {
        return new QualityQuery(null, null, null, null, 0);
    }
}
