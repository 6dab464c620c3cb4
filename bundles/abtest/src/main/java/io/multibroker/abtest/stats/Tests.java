package io.multibroker.abtest.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.ContinuityCorrection;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.apache.commons.statistics.inference.TTest;

/**
 * The tests the experiments use, on Apache Commons Statistics: its distributions and tests are
 * maintained and checked against reference values, which hand-written ones would not be.
 */
public final class Tests {

    /** A sample ratio mismatch is flagged below this p-value. */
    public static final double SRM_THRESHOLD = 0.001;

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private Tests() {
    }

    /**
     * Welch's t-test of two means from their summaries, with the confidence interval of the difference. Two arms
     * whose spread is nil (slippage always 0, say) have no t distribution, yet their answer is certain: equal means
     * differ by exactly 0 (p = 1), different means by exactly their difference (p = 0). Summaries beyond what a
     * double holds (an infinite mean or variance) give no test: NaN throughout.
     */
    public static Comparison welch(double meanA, double varianceA, long nA, double meanB, double varianceB, long nB, double alpha) {
        double difference = meanA - meanB;
        if (!Double.isFinite(difference) || !Double.isFinite(varianceA) || !Double.isFinite(varianceB)) {
            return new Comparison(difference, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double standardError = Math.sqrt(varianceA / nA + varianceB / nB);
        double statistic = difference / standardError;
        if (standardError == 0 || Double.isInfinite(statistic)) {
            return certain(difference);
        }
        // t and Welch's degrees of freedom are the same in units of the standard error; in those units Commons
        // Statistics' degrees of freedom cannot underflow to 0 / 0 (variances near 1e-300 did)
        TTest.Result result = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC).with(AlternativeHypothesis.TWO_SIDED)
                .test(statistic, varianceA / standardError / standardError, nA, 0, varianceB / standardError / standardError, nB);
        double t = TDistribution.of(result.getDegreesOfFreedom()).inverseSurvivalProbability(alpha / 2);
        return new Comparison(difference, difference - t * standardError, difference + t * standardError, result.getStatistic(),
                result.getPValue());
    }

    /** A difference without spread: the interval is the difference itself, and it is 0 or certainly not. */
    private static Comparison certain(double difference) {
        double t = difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
        return new Comparison(difference, difference, difference, t, difference == 0 ? 1.0 : 0.0);
    }

    /** Mann-Whitney U test of two samples (normal approximation with continuity correction, ties adjusted). */
    public static Comparison mannWhitney(double[] a, double[] b) {
        MannWhitneyUTest.Result result = MannWhitneyUTest.withDefaults().with(PValueMethod.ASYMPTOTIC)
                .with(ContinuityCorrection.ENABLED).test(a, b);
        // the difference reported is that of the medians, with no interval: the test is about the distributions
        double difference = median(a) - median(b);
        return new Comparison(difference, Double.NaN, Double.NaN, result.getStatistic(), result.getPValue());
    }

    /**
     * Mann-Whitney U test of two samples given as histograms, for samples too large to hold: values in one
     * bucket are ties and take the bucket's mid-rank. U, the tie correction and the p-value (normal
     * approximation, continuity correction) are those {@link #mannWhitney(double[], double[])} gives for the
     * same values; Commons Statistics takes only arrays, hence the sums here. The difference reported is
     * that of the medians, in the histograms' units divided by {@code unitsPerReported}.
     */
    public static Comparison mannWhitney(Histogram a, Histogram b, double unitsPerReported) {
        Histogram both = a.copy();
        both.setAutoResize(true);
        both.add(b);
        double n1 = a.getTotalCount();
        double n2 = b.getTotalCount();
        double n = n1 + n2;
        double rankSumA = 0;
        double tieCubes = 0;
        long below = 0;
        for (HistogramIterationValue bucket : both.recordedValues()) {
            long inBucket = bucket.getCountAtValueIteratedTo();
            // above A's highest value getCountAtValue answers A's last bucket again: A has none there
            long value = bucket.getValueIteratedTo();
            long fromA = n1 == 0 || value > a.getMaxValue() ? 0 : a.getCountAtValue(value);
            rankSumA += fromA * (below + (inBucket + 1) / 2.0);
            tieCubes += (double) inBucket * inBucket * inBucket - inBucket;
            below += inBucket;
        }
        double u = rankSumA - n1 * (n1 + 1) / 2;
        double variance = n1 * n2 / 12 * ((n + 1) - tieCubes / (n * (n - 1)));
        double distance = Math.max(0, Math.abs(u - n1 * n2 / 2) - 0.5);
        double p = variance <= 0 ? 1.0 : Math.min(1, 2 * STANDARD_NORMAL.survivalProbability(distance / Math.sqrt(variance)));
        double difference = (median(a) - median(b)) / unitsPerReported;
        return new Comparison(difference, Double.NaN, Double.NaN, u, p);
    }

    private static double median(Histogram histogram) {
        return histogram.medianEquivalentValue(histogram.getValueAtPercentile(50));
    }

    /**
     * Two-proportion z-test (pooled: the score test of equal proportions), with the confidence interval of the difference
     * that inverts the same score test (Farrington and Manning's, as Mee 1984 gives it): the differences d for which the
     * score statistic, both proportions estimated under pA - pB = d, stays within the critical value. The Wald interval
     * given before beside the pooled test could contradict it near 0 % and 100 %, where fill and reject rates live (p below
     * alpha with an interval holding 0); this one holds 0 exactly when p is at least alpha. Written here because Commons
     * Statistics has no interval of a difference of proportions.
     */
    public static Comparison twoProportions(long successesA, long nA, long successesB, long nB, double alpha) {
        double pA = (double) successesA / nA;
        double pB = (double) successesB / nB;
        double pooled = (double) (successesA + successesB) / (nA + nB);
        double pooledError = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
        double z = pooledError == 0 ? 0 : (pA - pB) / pooledError;
        double p = 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z));
        double critical = STANDARD_NORMAL.inverseSurvivalProbability(alpha / 2);
        return new Comparison(pA - pB, scoreBound(pA, nA, pB, nB, critical, -1), scoreBound(pA, nA, pB, nB, critical, 1), z, p);
    }

    /**
     * The interval's bound on one side (-1 lower, +1 upper): the score statistic is 0 at the estimate and grows in size
     * away from it, so the bound is found by bisection between the estimate and -1 or +1 (itself the bound when the
     * statistic never reaches the critical value there).
     */
    private static double scoreBound(double pA, long nA, double pB, long nB, double critical, int side) {
        double inner = pA - pB;
        double outer = side;
        if (Math.abs(score(pA, nA, pB, nB, outer)) <= critical) {
            return outer;
        }
        for (int step = 0; step < 100 && outer - inner != 0; step++) {
            double middle = (inner + outer) / 2;
            if (Math.abs(score(pA, nA, pB, nB, middle)) > critical) {
                outer = middle;
            } else {
                inner = middle;
            }
        }
        return (inner + outer) / 2;
    }

    /** The score statistic of the hypothesis pA - pB = d, with the variance of the proportions estimated under it. */
    static double score(double pA, long nA, double pB, long nB, double d) {
        double restrictedA = restrictedProportionA(pA, nA, pB, nB, d);
        double restrictedB = Math.min(1, Math.max(0, restrictedA - d));
        double variance = restrictedA * (1 - restrictedA) / nA + restrictedB * (1 - restrictedB) / nB;
        double distance = pA - pB - d;
        if (variance <= 0) {
            return Math.abs(distance) < 1e-15 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, distance);
        }
        return distance / Math.sqrt(variance);
    }

    /**
     * The maximum likelihood estimate of A's proportion under pA - pB = d: the root in [0, 1] of the likelihood's cubic,
     * in the closed (trigonometric) form of Miettinen and Nurminen (1985). At d = 0 it is the pooled proportion.
     */
    private static double restrictedProportionA(double pA, long nA, double pB, long nB, double d) {
        double theta = (double) nB / nA;
        double a = 1 + theta;
        double b = -(1 + theta + pA + theta * pB + d * (theta + 2));
        double c = d * d + d * (2 * pA + theta + 1) + pA + theta * pB;
        double constant = -pA * d * (1 + d);
        double v = b * b * b / (27 * a * a * a) - b * c / (6 * a * a) + constant / (2 * a);
        double u = Math.copySign(Math.sqrt(Math.max(0, b * b / (9 * a * a) - c / (3 * a))), v);
        double cosine = u == 0 ? 0 : Math.max(-1, Math.min(1, v / (u * u * u)));
        double w = (Math.PI + Math.acos(cosine)) / 3;
        return Math.min(1, Math.max(0, 2 * u * Math.cos(w) - b / (3 * a)));
    }

    /** Holm's step-down adjustment of p-values for several comparisons, in their original order. */
    public static double[] holm(double[] pValues) {
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }

    /**
     * Chi-squared p-value of the assignment counts against the configured shares: a sample ratio mismatch check.
     * An arm with a 0 % share (a loser after a promotion) is left out, as the test cannot expect nothing; an order
     * counted on one cannot come from the split at all, so it is a mismatch by itself (p = 0). Without orders, or
     * with fewer than two arms to compare, there is no evidence of a mismatch (p = 1).
     */
    public static double sampleRatioMismatch(long[] observed, double[] expectedShares) {
        int withShare = 0;
        long total = 0;
        for (int i = 0; i < observed.length; i++) {
            if (expectedShares[i] > 0) {
                withShare++;
                total += observed[i];
            } else if (observed[i] > 0) {
                return 0.0;
            }
        }
        if (withShare < 2 || total == 0) {
            return 1.0;
        }
        long[] counts = new long[withShare];
        double[] shares = new double[withShare];
        int next = 0;
        for (int i = 0; i < observed.length; i++) {
            if (expectedShares[i] > 0) {
                counts[next] = observed[i];
                shares[next++] = expectedShares[i];
            }
        }
        return ChiSquareTest.withDefaults().test(shares, counts).getPValue();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
