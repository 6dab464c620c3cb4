package io.multibroker.abtest;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What one experiment order measured.
 *
 * @param experiment the experiment
 * @param arm the arm (account) that took the order
 * @param override true when the assigned arm could not take it: kept out of the main comparison
 * @param clientOrderId the order's client order id
 * @param status the order's first status
 * @param latencyNanos from submission to the broker's answer
 * @param fillRatio filled over requested units, 0 to 1
 * @param slippagePips against the price the caller saw (positive = worse), or null when unknown
 * @param errorCode the unified error code of a rejected or unknown order, or null
 * @param recordedAt when it was recorded
 */
record Outcome(String experiment, String arm, boolean override, String clientOrderId, String status, long latencyNanos,
        BigDecimal fillRatio, BigDecimal slippagePips, String errorCode, Instant recordedAt) {
}
