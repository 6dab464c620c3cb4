package io.multibroker.api.routing;

import java.util.List;

/**
 * What an experiment has shown so far.
 *
 * @param experiment the experiment
 * @param arms each arm's figures (orders whose assigned arm took them; overrides counted apart)
 * @param tests the comparisons of each arm with the first arm, on every metric, over all recorded orders
 * @param sampleRatioPValue chi-squared p-value of the arm counts against the weights
 * @param sampleRatioMismatch true when that p-value is below 0.001: the split is broken and the results untrustworthy
 * @param informationFraction the smallest arm's orders over the planned minimum sample per arm (capped at 1)
 * @param winner the better arm on the primary metric by the sequential rule, or null
 * @param verdict the verdict in plain words
 * @param metrics each arm's distribution of the metrics measured per fill (execution quality), empty without them
 */
public record ExperimentReport(String experiment, List<ArmSummary> arms, List<MetricTest> tests, double sampleRatioPValue,
        boolean sampleRatioMismatch, double informationFraction, String winner, String verdict, List<MetricSummary> metrics) {

    /** A report without per-arm metric summaries (as before 1.3). */
    public ExperimentReport(String experiment, List<ArmSummary> arms, List<MetricTest> tests, double sampleRatioPValue,
            boolean sampleRatioMismatch, double informationFraction, String winner, String verdict) {
        this(experiment, arms, tests, sampleRatioPValue, sampleRatioMismatch, informationFraction, winner, verdict, List.of());
    }

    public ExperimentReport {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /**
     * One arm's distribution of one metric measured per fill (the execution-quality metrics, since 1.3).
     *
     * @param metric the metric's id ({@code effective_spread}, {@code markout_5s}, ...)
     * @param arm the arm
     * @param count the fills it was measured on (orders in the comparison, not overrides)
     * @param mean the mean
     * @param lower lower end of the 95 % confidence interval of the mean (NaN with fewer than 2)
     * @param upper upper end of the 95 % confidence interval of the mean
     * @param median the median
     * @param p99 the 99th percentile
     * @param unit the unit of the values ({@code pips})
     * @param quantiles the arm's distribution, for charts: the values at fixed probabilities from 0 (the least) to 1 (the
     *     greatest), the same few whatever the number of fills; empty when it has none (since 1.4)
     */
    public record MetricSummary(String metric, String arm, long count, double mean, double lower, double upper, double median,
            double p99, String unit, List<QuantileValue> quantiles) {

        /** A summary without its distribution (as before 1.4). */
        public MetricSummary(String metric, String arm, long count, double mean, double lower, double upper, double median, double p99,
                String unit) {
            this(metric, arm, count, mean, lower, upper, median, p99, unit, List.of());
        }

        public MetricSummary {
            quantiles = quantiles == null ? List.of() : List.copyOf(quantiles);
        }
    }

    /**
     * One point of a distribution (since 1.4).
     *
     * @param probability the share of values at or below {@code value}, from 0 to 1
     * @param value the value at that probability, in the summary's unit
     */
    public record QuantileValue(double probability, double value) {
    }

    /**
     * One arm's figures.
     *
     * @param arm the arm (account)
     * @param orders orders in the main comparison
     * @param overrides orders routed here because their assigned arm could not take them
     * @param latencyMeanMillis mean latency from submit to the broker's answer
     * @param latencyMeanLowerMillis lower end of the 95 % confidence interval of the mean
     * @param latencyMeanUpperMillis upper end of the 95 % confidence interval of the mean
     * @param latencyMedianMillis median latency
     * @param latencyP99Millis 99th percentile latency
     * @param fillRate filled orders over orders
     * @param rejectRate rejected orders over orders
     * @param meanSlippagePips mean slippage where the caller's price was known (NaN when never)
     */
    public record ArmSummary(String arm, long orders, long overrides, double latencyMeanMillis, double latencyMeanLowerMillis,
            double latencyMeanUpperMillis, double latencyMedianMillis, double latencyP99Millis, double fillRate, double rejectRate,
            double meanSlippagePips) {
    }

    /**
     * One comparison.
     *
     * @param metric latency, slippage, fill_rate or reject_rate
     * @param test the test used (Welch t, Mann-Whitney U, two-proportion z)
     * @param arm the arm compared with {@code baseline}
     * @param baseline the first arm
     * @param difference arm minus baseline
     * @param lower lower end of the confidence interval of the difference (NaN when the test gives none)
     * @param upper upper end of the confidence interval of the difference
     * @param pValue the p-value
     * @param adjustedPValue the p-value after Holm's correction over the arms (equal to it with two arms)
     */
    public record MetricTest(String metric, String test, String arm, String baseline, double difference, double lower, double upper,
            double pValue, double adjustedPValue) {
    }
}
