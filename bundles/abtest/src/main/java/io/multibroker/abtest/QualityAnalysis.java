package io.multibroker.abtest;

import io.multibroker.abtest.stats.Comparison;
import io.multibroker.abtest.stats.Tests;
import io.multibroker.api.routing.ExperimentMetric;
import io.multibroker.api.routing.ExperimentReport.MetricSummary;
import io.multibroker.api.routing.ExperimentReport.MetricTest;
import io.multibroker.api.routing.ExperimentReport.QuantileValue;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.descriptive.Statistic;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The execution-quality part of an experiment's report: per arm the mean of each metric measured per fill (or per limit
 * order that ended) with its 95 % interval, the median, the 99th percentile and the distribution as a few quantiles
 * (for charts); each arm against the first by Welch's t-test, Holm-adjusted over
 * the arms, as the router's metrics are compared.
 */
final class QualityAnalysis {

    static final String UNIT = "pips";
    private static final Quantile QUANTILE = Quantile.withDefaults();
    /** Every 5 %, least to greatest: enough for a chart of the distribution, 21 points however many fills. */
    private static final double[] PROBABILITIES = IntStream.rangeClosed(0, 20).mapToDouble(i -> i / 20.0).toArray();

    private QualityAnalysis() {
    }

    static List<MetricSummary> summaries(List<String> arms, QualitySamples samples) {
        List<MetricSummary> summaries = new ArrayList<>();
        for (ExperimentMetric metric : ExperimentMetric.values()) {
            if (!metric.executionQuality() || !samples.has(metric)) {
                continue;
            }
            for (String arm : arms) {
                double[] values = samples.values(metric, arm);
                int n = values.length;
                DoubleStatistics moments = moments(values);
                double mean = n == 0 ? Double.NaN : moments.getAsDouble(Statistic.MEAN);
                double half = Double.NaN;
                if (n >= 2) {
                    half = TDistribution.of(n - 1).inverseSurvivalProbability(0.025) * Math.sqrt(moments.getAsDouble(Statistic.VARIANCE) / n);
                }
                // on copies: the estimators may reorder what they are given
                double median = n == 0 ? Double.NaN : Median.withDefaults().evaluate(values.clone());
                double p99 = n == 0 ? Double.NaN : QUANTILE.evaluate(values.clone(), 0.99);
                summaries.add(new MetricSummary(metric.id(), arm, n, mean, mean - half, mean + half, median, p99, unit(metric),
                        quantiles(values)));
            }
        }
        return summaries;
    }

    /** The values at every 5 % from the least to the greatest; none without values. */
    static List<QuantileValue> quantiles(double[] values) {
        if (values.length == 0) {
            return List.of();
        }
        double[] at = QUANTILE.evaluate(values.clone(), PROBABILITIES);
        List<QuantileValue> quantiles = new ArrayList<>(at.length);
        for (int i = 0; i < at.length; i++) {
            quantiles.add(new QuantileValue(PROBABILITIES[i], at[i]));
        }
        return quantiles;
    }

    /** Each arm against the first on every metric measured per fill, over all recorded fills. */
    static List<MetricTest> tests(List<String> arms, QualitySamples samples, double alpha) {
        List<MetricTest> tests = new ArrayList<>();
        String baseline = arms.get(0);
        for (ExperimentMetric metric : ExperimentMetric.values()) {
            if (!metric.executionQuality() || !samples.has(metric)) {
                continue;
            }
            List<MetricTest> raw = new ArrayList<>();
            for (String arm : arms.subList(1, arms.size())) {
                Comparison c = welch(samples.values(metric, arm), samples.values(metric, baseline), alpha);
                if (c != null) {
                    raw.add(new MetricTest(metric.id(), "Welch t", arm, baseline, c.difference(), c.lower(), c.upper(), c.pValue(),
                            c.pValue()));
                }
            }
            double[] adjusted = Tests.holm(raw.stream().mapToDouble(MetricTest::pValue).toArray());
            for (int i = 0; i < raw.size(); i++) {
                MetricTest t = raw.get(i);
                tests.add(new MetricTest(t.metric(), t.test(), t.arm(), t.baseline(), t.difference(), t.lower(), t.upper(), t.pValue(),
                        adjusted[i]));
            }
        }
        return tests;
    }

    /** The unit a metric's values are in: pips, but for the limit orders' fill ratio, share filled and time to fill. */
    static String unit(ExperimentMetric metric) {
        return switch (metric) {
            case LIMIT_FILL_RATIO -> "ratio";
            case LIMIT_FILLED -> "share";
            case TIME_TO_FILL -> "ms";
            default -> UNIT;
        };
    }

    private static DoubleStatistics moments(double[] values) {
        return DoubleStatistics.of(EnumSet.of(Statistic.MEAN, Statistic.VARIANCE), values);
    }

    /** Welch's test of a minus b, or null with fewer than two values on a side. */
    static Comparison welch(double[] a, double[] b, double alpha) {
        if (a == null || b == null || a.length < 2 || b.length < 2) {
            return null;
        }
        DoubleStatistics sa = moments(a);
        DoubleStatistics sb = moments(b);
        return Tests.welch(sa.getAsDouble(Statistic.MEAN), sa.getAsDouble(Statistic.VARIANCE), a.length,
                sb.getAsDouble(Statistic.MEAN), sb.getAsDouble(Statistic.VARIANCE), b.length, alpha);
    }
}
