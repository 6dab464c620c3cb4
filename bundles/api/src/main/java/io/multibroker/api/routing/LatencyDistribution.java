package io.multibroker.api.routing;

import java.util.List;

/**
 * An experiment's latency distribution per arm, from the outcome tally's HDR histogram (three significant digits), as
 * cumulative distribution points: what share of an arm's orders was answered within each latency. Every arm is measured
 * on the same scale, so the arms can be drawn on one axis.
 *
 * @param experiment the experiment
 * @param arms one distribution per arm, in the experiment's arm order (main comparison only; overrides are left out,
 *        as in the report)
 */
public record LatencyDistribution(String experiment, List<ArmLatency> arms) {

    /**
     * One arm's distribution.
     *
     * @param arm the arm (account)
     * @param orders orders whose latency it holds
     * @param points the cumulative distribution, by rising latency; empty while the arm has no orders
     */
    public record ArmLatency(String arm, long orders, List<CdfPoint> points) {
    }

    /**
     * One point of a cumulative distribution.
     *
     * @param latencyMillis a latency in milliseconds (the upper end of the histogram's bucket)
     * @param percentile the share of orders answered within it, in percent (0 to 100)
     */
    public record CdfPoint(double latencyMillis, double percentile) {
    }
}
