package io.multibroker.abtest;

import io.multibroker.abtest.OutcomeTally.ArmTally;
import io.multibroker.abtest.OutcomeTally.Figures;
import io.multibroker.abtest.stats.AlphaSpending;
import io.multibroker.abtest.stats.Comparison;
import io.multibroker.abtest.stats.Tests;
import io.multibroker.api.routing.Allocation;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentMetric;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentReport.ArmSummary;
import io.multibroker.api.routing.ExperimentReport.MetricTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Statistic;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * An experiment's report from its recorded outcomes.
 *
 * <p>The verdict on the primary metric is sequential, with looks fixed in advance at outcome milestones:
 * look k (k = 1..10) uses exactly the first k/10 of the planned sample of every arm, and tests at the
 * significance level that the Pocock-type alpha spending releases at k/10. Reading the report again only
 * recomputes the same fixed looks, so however often it is read, the chance of a false winner stays at
 * or below the significance level (the union bound; see SequentialSimulationTest). The per-metric tests
 * over all recorded orders are descriptive; guardrails use them at the full significance level.
 *
 * <p>Everything is computed from an {@link OutcomeTally}, running figures of the outcomes, never from the
 * outcomes themselves: the cost of a report does not grow with their number. Medians, the 99th percentile
 * and the rank test read latency to three significant digits (a 10 ms latency to 10 µs).
 */
final class ExperimentAnalysis {

    static final int LOOKS = 10;

    private ExperimentAnalysis() {
    }

    /** The report over outcomes given in the order they were recorded. */
    static ExperimentReport analyse(ExperimentInfo info, List<Outcome> recorded) {
        return analyse(info, OutcomeTally.of(info, recorded));
    }

    static ExperimentReport analyse(ExperimentInfo info, OutcomeTally tally) {
        return analyse(info, tally, QualitySamples.NONE);
    }

    /**
     * The report with the execution-quality metrics of the experiment's fills besides: their per-arm distributions and
     * tests, and, when one of them is the primary metric, the sequential verdict on it (looks at k/10 of the planned sample
     * of fills with that figure, per arm).
     */
    static ExperimentReport analyse(ExperimentInfo info, OutcomeTally tally, QualitySamples quality) {
        // after a promotion the evidence is what was recorded up to it (the tally passes over the rest), split by
        // the weights of that time; what the winner took afterwards is routing, not comparison
        Map<String, Integer> weights = info.promoted() && !info.weightsBeforePromotion().isEmpty()
                ? info.weightsBeforePromotion() : info.armBasisPoints();
        boolean bandit = info.allocationMethod() == Allocation.THOMPSON;
        List<String> arms = new ArrayList<>(info.armBasisPoints().keySet());
        Map<String, ArmTally> data = new LinkedHashMap<>();
        arms.forEach(arm -> data.put(arm, tally.arm(arm)));
        double alpha = info.significanceLevel().doubleValue();
        List<ArmSummary> summaries = new ArrayList<>();
        arms.forEach(arm -> summaries.add(summary(arm, data.get(arm))));

        List<MetricTest> tests = new ArrayList<>();
        for (ExperimentMetric metric : List.of(ExperimentMetric.LATENCY, ExperimentMetric.FILL_RATE, ExperimentMetric.REJECT_RATE,
                ExperimentMetric.SLIPPAGE)) {
            tests.addAll(compareAll(metric, arms, data, alpha, false));
        }
        tests.addAll(compareAll(ExperimentMetric.LATENCY, arms, data, alpha, true));
        // shadow arms take no orders: they are compared on the fills' figures only, after the live arms
        List<String> compared = new ArrayList<>(arms);
        info.shadows().stream().filter(shadow -> !compared.contains(shadow)).forEach(compared::add);
        tests.addAll(QualityAnalysis.tests(compared, quality, alpha));

        long[] counts = arms.stream().mapToLong(arm -> data.get(arm).now().orders()).toArray();
        double[] shares = arms.stream().mapToDouble(arm -> weights.getOrDefault(arm, 0) / 10_000.0).toArray();
        // a bandit moves the split on purpose: there is no planned ratio to check the counts against; 0 % arms are
        // left out of the check (and any order on one flagged) by the test itself
        double srm = bandit ? Double.NaN : Tests.sampleRatioMismatch(counts, shares);
        boolean mismatch = srm < Tests.SRM_THRESHOLD;
        ExperimentMetric primary = info.primary();
        long smallest = primary.executionQuality() ? arms.stream().mapToLong(arm -> quality.values(primary, arm).length).min().orElse(0)
                : Arrays.stream(counts).min().orElse(0);
        double information = Math.min(1.0, (double) smallest / info.minimumSamplePerArm());

        LookEvidence evidence = primary.executionQuality() ? fillEvidence(primary, quality, info.minimumSamplePerArm(), alpha)
                : outcomeEvidence(primary, data, alpha);
        String winner = mismatch ? null : sequentialWinner(info, arms, evidence);
        String verdict;
        if (mismatch) {
            verdict = String.format(Locale.ROOT, "sample ratio mismatch (p = %.2g): the split does not match the weights, "
                    + "so the results cannot be trusted", srm);
        } else if (winner == null && information < 1) {
            verdict = String.format(Locale.ROOT, "no difference yet on %s (%.0f %% of the planned %d orders per arm)",
                    info.primaryMetric(), 100 * information, info.minimumSamplePerArm());
        } else if (winner == null) {
            verdict = String.format(Locale.ROOT, "no significant difference on %s within the planned %d orders per arm",
                    info.primaryMetric(), info.minimumSamplePerArm());
        } else {
            String breached = breachedGuardrail(info, tests, winner, arms.get(0), alpha);
            if (breached != null) {
                verdict = winner + " is better on " + info.primaryMetric() + " but stopped by the guardrail " + breached;
                winner = null;
            } else {
                verdict = winner + " is better on " + info.primaryMetric();
            }
        }
        if (info.promoted()) {
            verdict = "promoted " + info.promotedArm() + " at " + info.promotedAt() + "; the evidence up to then: " + verdict;
        }
        return new ExperimentReport(info.name(), summaries, tests, srm, mismatch, information, winner, verdict,
                QualityAnalysis.summaries(compared, quality));
    }

    private static ArmSummary summary(String arm, ArmTally tally) {
        Figures figures = tally.now();
        long n = figures.orders();
        double mean = figures.latencyMillis().getAsDouble(Statistic.MEAN);
        double half = Double.NaN;
        if (n >= 2) {
            double variance = figures.latencyMillis().getAsDouble(Statistic.VARIANCE);
            half = TDistribution.of(n - 1).inverseSurvivalProbability(0.025) * Math.sqrt(variance / n);
        }
        Histogram latency = tally.latencyMicros();
        return new ArmSummary(arm, n, tally.overrides(), mean, mean - half, mean + half, millis(latency, 50), millis(latency, 99), rate(figures.filled(), n), rate(figures.rejected(), n),
                figures.slippagePips().getAsDouble(Statistic.MEAN));
    }

    private static double millis(Histogram latencyMicros, double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN
                : latencyMicros.medianEquivalentValue(latencyMicros.getValueAtPercentile(percentile)) / 1_000.0;
    }

    private static double rate(long count, long n) {
        return n == 0 ? Double.NaN : (double) count / n;
    }

    /** Each arm against the first, Holm-adjusted over the arms. */
    private static List<MetricTest> compareAll(ExperimentMetric metric, List<String> arms, Map<String, ArmTally> data, double alpha,
            boolean rankTest) {
        List<MetricTest> raw = new ArrayList<>();
        String baseline = arms.get(0);
        for (String arm : arms.subList(1, arms.size())) {
            Comparison c = rankTest ? rankCompare(data.get(arm), data.get(baseline))
                    : compare(metric, data.get(arm).now(), data.get(baseline).now(), alpha);
            if (c != null) {
                raw.add(new MetricTest(metric.id(), testName(metric, rankTest), arm, baseline, c.difference(), c.lower(), c.upper(),
                        c.pValue(), c.pValue()));
            }
        }
        double[] adjusted = Tests.holm(raw.stream().mapToDouble(MetricTest::pValue).toArray());
        List<MetricTest> tests = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            MetricTest t = raw.get(i);
            tests.add(new MetricTest(t.metric(), t.test(), t.arm(), t.baseline(), t.difference(), t.lower(), t.upper(), t.pValue(),
                    adjusted[i]));
        }
        return tests;
    }

    private static String testName(ExperimentMetric metric, boolean rankTest) {
        if (rankTest) {
            return "Mann-Whitney U";
        }
        return metric.proportion() ? "two-proportion z" : "Welch t";
    }

    private static Comparison rankCompare(ArmTally arm, ArmTally baseline) {
        return arm.now().orders() < 2 || baseline.now().orders() < 2 ? null
                : Tests.mannWhitney(arm.latencyMicros(), baseline.latencyMicros(), 1_000);
    }

    /** One comparison of arm with baseline (arm minus baseline), or null when there is too little data. */
    private static Comparison compare(ExperimentMetric metric, Figures arm, Figures baseline, double alpha) {
        return switch (metric) {
            case LATENCY -> welch(arm.latencyMillis(), baseline.latencyMillis(), alpha);
            case SLIPPAGE -> welch(arm.slippagePips(), baseline.slippagePips(), alpha);
            case FILL_RATE, REJECT_RATE -> {
                if (arm.orders() == 0 || baseline.orders() == 0) {
                    yield null;
                }
                boolean fills = metric == ExperimentMetric.FILL_RATE;
                yield Tests.twoProportions(fills ? arm.filled() : arm.rejected(), arm.orders(),
                        fills ? baseline.filled() : baseline.rejected(), baseline.orders(), alpha);
            }
            default -> throw new IllegalArgumentException(metric.id() + " is measured per fill, not on the router's outcomes");
        };
    }

    private static Comparison welch(DoubleStatistics a, DoubleStatistics b, double alpha) {
        if (a.getCount() < 2 || b.getCount() < 2) {
            return null;
        }
        return Tests.welch(a.getAsDouble(Statistic.MEAN), a.getAsDouble(Statistic.VARIANCE), a.getCount(),
                b.getAsDouble(Statistic.MEAN), b.getAsDouble(Statistic.VARIANCE), b.getCount(), alpha);
    }

    /** What a sequential look compares: whether every arm has reached it, and an arm against the baseline at it. */
    interface LookEvidence {
        boolean reached(String arm, int look);

        /** Arm minus baseline on the look's sample, or null when there is too little data. */
        Comparison compare(String arm, String baseline, int look);
    }

    /** The router's outcomes as the tally kept them at each look. */
    private static LookEvidence outcomeEvidence(ExperimentMetric metric, Map<String, ArmTally> data, double alpha) {
        return new LookEvidence() {
            @Override
            public boolean reached(String arm, int look) {
                return data.get(arm).atLook(look) != null;
            }

            @Override
            public Comparison compare(String arm, String baseline, int look) {
                return ExperimentAnalysis.compare(metric, data.get(arm).atLook(look), data.get(baseline).atLook(look), alpha);
            }
        };
    }

    /** The first k/10 of the planned sample of each arm's fills with the figure, in the order they were recorded. */
    private static LookEvidence fillEvidence(ExperimentMetric metric, QualitySamples quality, int minimumSamplePerArm, double alpha) {
        return new LookEvidence() {
            @Override
            public boolean reached(String arm, int look) {
                return quality.values(metric, arm).length >= lookSize(look, minimumSamplePerArm);
            }

            @Override
            public Comparison compare(String arm, String baseline, int look) {
                long size = lookSize(look, minimumSamplePerArm);
                return QualityAnalysis.welch(quality.first(metric, arm, size), quality.first(metric, baseline, size), alpha);
            }
        };
    }

    /** The sample per arm at a look: as {@link OutcomeTally} counts it. */
    static long lookSize(int look, int minimumSamplePerArm) {
        return (long) Math.ceil((double) look * minimumSamplePerArm / LOOKS);
    }

    /** The sequential verdict on the primary metric over the looks every arm has reached, or null. */
    private static String sequentialWinner(ExperimentInfo info, List<String> arms, LookEvidence evidence) {
        AlphaSpending spending = new AlphaSpending(info.significanceLevel().doubleValue());
        String baseline = arms.get(0);
        for (int look = 1; look <= LOOKS; look++) {
            final int k = look;
            if (arms.stream().anyMatch(arm -> !evidence.reached(arm, k))) {
                return null;
            }
            double level = spending.levelForLook((double) look / LOOKS);
            List<String> others = arms.subList(1, arms.size());
            double[] p = new double[others.size()];
            double[] difference = new double[others.size()];
            for (int i = 0; i < others.size(); i++) {
                Comparison c = evidence.compare(others.get(i), baseline, look);
                p[i] = c == null ? 1.0 : c.pValue();
                difference[i] = c == null ? 0 : c.difference();
            }
            double[] adjusted = Tests.holm(p);
            String best = null;
            double bestImprovement = 0;
            boolean baselineBeatsAll = true;
            for (int i = 0; i < others.size(); i++) {
                boolean significant = adjusted[i] < level;
                double improvement = info.primary().higherIsBetter() ? difference[i] : -difference[i];
                if (significant && improvement > bestImprovement) {
                    best = others.get(i);
                    bestImprovement = improvement;
                }
                baselineBeatsAll &= significant && improvement < 0;
            }
            if (best != null) {
                return best;
            }
            if (baselineBeatsAll) {
                return baseline;
            }
        }
        return null;
    }

    /** A guardrail metric on which the winner is significantly worse than the baseline, or null. */
    private static String breachedGuardrail(ExperimentInfo info, List<MetricTest> tests, String winner, String baseline, double alpha) {
        for (String guardrailId : info.guardrails()) {
            ExperimentMetric guardrail = ExperimentMetric.of(guardrailId);
            for (MetricTest test : tests) {
                // a shadow arm takes no orders: it can neither win nor stop a winner
                if (!test.metric().equals(guardrail.id()) || !test.test().equals(testName(guardrail, false))
                        || info.shadows().contains(test.arm())) {
                    continue;
                }
                // tests are arm minus baseline: the winner is worse when the difference points the wrong way
                double winnerMinusBaseline = Objects.equals(test.arm(), winner) ? test.difference()
                        : winner.equals(baseline) ? -test.difference() : Double.NaN;
                boolean worse = guardrail.higherIsBetter() ? winnerMinusBaseline < 0 : winnerMinusBaseline > 0;
                if (worse && test.adjustedPValue() < alpha) {
                    return String.format(Locale.ROOT, "%s (%s vs %s, p = %.2g)", guardrail.id(), test.arm(), test.baseline(),
                            test.adjustedPValue());
                }
            }
        }
        return null;
    }
}
