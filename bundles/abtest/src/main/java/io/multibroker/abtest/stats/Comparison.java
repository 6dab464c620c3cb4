package io.multibroker.abtest.stats;

/**
 * A test of the difference between two arms.
 *
 * @param difference arm A minus arm B (a mean, or a proportion)
 * @param lower lower end of the confidence interval of the difference
 * @param upper upper end of the confidence interval of the difference
 * @param statistic the test statistic (t, U or z)
 * @param pValue the two-sided p-value
 */
public record Comparison(double difference, double lower, double upper, double statistic, double pValue) {
}
