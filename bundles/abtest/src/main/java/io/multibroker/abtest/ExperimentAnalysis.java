package io.multibroker.abtest;

import io.multibroker.abtest.stats.AlphaSpending;
import io.multibroker.abtest.stats.Comparison;
import io.multibroker.abtest.stats.Tests;
import io.multibroker.api.routing.ExperimentInfo;
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
 */
final class ExperimentAnalysis {

    static final int LOOKS = 10;

    private ExperimentAnalysis() {
    }

    static ExperimentReport analyse(ExperimentInfo info, List<Outcome> recorded) {
        // after a promotion the evidence is what was recorded up to it, split by the weights of that time;
        // what the winner took afterwards is routing, not comparison
        List<Outcome> outcomes = info.promoted()
                ? recorded.stream().filter(o -> !o.recordedAt().isAfter(info.promotedAt())).toList() : recorded;
        Map<String, Integer> weights = info.promoted() && !info.weightsBeforePromotion().isEmpty()
                ? info.weightsBeforePromotion() : info.armBasisPoints();
        boolean bandit = "thompson".equals(info.allocation());
        List<String> arms = new ArrayList<>(info.armBasisPoints().keySet());
        Map<String, List<Outcome>> main = new LinkedHashMap<>();
        Map<String, Long> overrides = new LinkedHashMap<>();
        arms.forEach(arm -> {
            main.put(arm, new ArrayList<>());
            overrides.put(arm, 0L);
        });
        for (Outcome outcome : outcomes) {
            if (outcome.override()) {
                overrides.merge(outcome.arm(), 1L, Long::sum);
            } else if (main.containsKey(outcome.arm())) {
                main.get(outcome.arm()).add(outcome);
            }
        }
        double alpha = info.significanceLevel().doubleValue();
        List<ArmSummary> summaries = new ArrayList<>();
        arms.forEach(arm -> summaries.add(summary(arm, main.get(arm), overrides.get(arm))));

        List<MetricTest> tests = new ArrayList<>();
        for (String metric : List.of("latency", "fill_rate", "reject_rate", "slippage")) {
            tests.addAll(compareAll(metric, arms, main, alpha, false));
        }
        tests.addAll(compareAll("latency", arms, main, alpha, true));

        long[] counts = arms.stream().mapToLong(arm -> main.get(arm).size()).toArray();
        double[] shares = arms.stream().mapToDouble(arm -> weights.getOrDefault(arm, 0) / 10_000.0).toArray();
        // a bandit moves the split on purpose: there is no planned ratio to check the counts against
        double srm = bandit ? Double.NaN : Arrays.stream(counts).sum() == 0 || Arrays.stream(shares).anyMatch(s -> s == 0) ? 1.0
                : Tests.sampleRatioMismatch(counts, shares);
        boolean mismatch = srm < Tests.SRM_THRESHOLD;
        long smallest = Arrays.stream(counts).min().orElse(0);
        double information = Math.min(1.0, (double) smallest / info.minimumSamplePerArm());

        String winner = mismatch ? null : sequentialWinner(info, arms, main, alpha);
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
        return new ExperimentReport(info.name(), summaries, tests, srm, mismatch, information, winner, verdict);
    }

    private static ArmSummary summary(String arm, List<Outcome> outcomes, long overrides) {
        double[] latency = latencies(outcomes);
        int n = latency.length;
        double mean = Arrays.stream(latency).average().orElse(Double.NaN);
        double half = Double.NaN;
        if (n >= 2) {
            double variance = variance(latency, mean);
            half = TDistribution.of(n - 1).inverseSurvivalProbability(0.025) * Math.sqrt(variance / n);
        }
        double[] sorted = latency.clone();
        Arrays.sort(sorted);
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double p99 = n == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(0.99 * n) - 1)];
        double slippage = outcomes.stream().filter(o -> o.slippagePips() != null).mapToDouble(o -> o.slippagePips().doubleValue())
                .average().orElse(Double.NaN);
        return new ArmSummary(arm, n, overrides, mean, mean - half, mean + half, median, p99, rate(outcomes, "FILLED"),
                rate(outcomes, "REJECTED"), slippage);
    }

    private static double rate(List<Outcome> outcomes, String status) {
        return outcomes.isEmpty() ? Double.NaN : (double) count(outcomes, status) / outcomes.size();
    }

    private static long count(List<Outcome> outcomes, String status) {
        return outcomes.stream().filter(o -> o.status().equals(status)
                || status.equals("FILLED") && o.status().equals("PARTIALLY_FILLED")).count();
    }

    /** Each arm against the first, Holm-adjusted over the arms. */
    private static List<MetricTest> compareAll(String metric, List<String> arms, Map<String, List<Outcome>> data, double alpha,
            boolean rankTest) {
        List<MetricTest> raw = new ArrayList<>();
        String baseline = arms.get(0);
        for (String arm : arms.subList(1, arms.size())) {
            Comparison c = compare(metric, data.get(arm), data.get(baseline), alpha, rankTest);
            if (c != null) {
                raw.add(new MetricTest(metric, testName(metric, rankTest), arm, baseline, c.difference(), c.lower(), c.upper(),
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

    private static String testName(String metric, boolean rankTest) {
        if (rankTest) {
            return "Mann-Whitney U";
        }
        return metric.endsWith("_rate") ? "two-proportion z" : "Welch t";
    }

    /** One comparison of arm with baseline (arm minus baseline), or null when there is too little data. */
    private static Comparison compare(String metric, List<Outcome> arm, List<Outcome> baseline, double alpha, boolean rankTest) {
        switch (metric) {
            case "latency": {
                double[] a = latencies(arm);
                double[] b = latencies(baseline);
                if (a.length < 2 || b.length < 2) {
                    return null;
                }
                return rankTest ? Tests.mannWhitney(a, b) : welch(a, b, alpha);
            }
            case "slippage": {
                double[] a = arm.stream().filter(o -> o.slippagePips() != null).mapToDouble(o -> o.slippagePips().doubleValue()).toArray();
                double[] b = baseline.stream().filter(o -> o.slippagePips() != null).mapToDouble(o -> o.slippagePips().doubleValue()).toArray();
                return a.length < 2 || b.length < 2 ? null : welch(a, b, alpha);
            }
            default: {
                String status = metric.equals("fill_rate") ? "FILLED" : "REJECTED";
                if (arm.isEmpty() || baseline.isEmpty()) {
                    return null;
                }
                return Tests.twoProportions(count(arm, status), arm.size(), count(baseline, status), baseline.size(), alpha);
            }
        }
    }

    private static Comparison welch(double[] a, double[] b, double alpha) {
        double meanA = Arrays.stream(a).average().orElseThrow();
        double meanB = Arrays.stream(b).average().orElseThrow();
        return Tests.welch(meanA, variance(a, meanA), a.length, meanB, variance(b, meanB), b.length, alpha);
    }

    /** Whether a lower value of the metric is the better one. */
    private static boolean lowerIsBetter(String metric) {
        return !metric.equals("fill_rate");
    }

    /** The sequential verdict on the primary metric over the milestones every arm has reached, or null. */
    private static String sequentialWinner(ExperimentInfo info, List<String> arms, Map<String, List<Outcome>> data, double alpha) {
        AlphaSpending spending = new AlphaSpending(alpha);
        String baseline = arms.get(0);
        for (int look = 1; look <= LOOKS; look++) {
            int needed = (int) Math.ceil((double) look * info.minimumSamplePerArm() / LOOKS);
            final int size = needed;
            if (arms.stream().anyMatch(arm -> data.get(arm).size() < size)) {
                return null;
            }
            double level = spending.levelForLook((double) look / LOOKS);
            List<String> others = arms.subList(1, arms.size());
            double[] p = new double[others.size()];
            double[] difference = new double[others.size()];
            for (int i = 0; i < others.size(); i++) {
                Comparison c = compare(info.primaryMetric(), data.get(others.get(i)).subList(0, needed),
                        data.get(baseline).subList(0, needed), alpha, false);
                p[i] = c == null ? 1.0 : c.pValue();
                difference[i] = c == null ? 0 : c.difference();
            }
            double[] adjusted = Tests.holm(p);
            String best = null;
            double bestImprovement = 0;
            boolean baselineBeatsAll = true;
            for (int i = 0; i < others.size(); i++) {
                boolean significant = adjusted[i] < level;
                double improvement = lowerIsBetter(info.primaryMetric()) ? -difference[i] : difference[i];
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
        for (String guardrail : info.guardrails()) {
            for (MetricTest test : tests) {
                if (!test.metric().equals(guardrail) || !test.test().equals(testName(guardrail, false))) {
                    continue;
                }
                // tests are arm minus baseline: the winner is worse when the difference points the wrong way
                double winnerMinusBaseline = Objects.equals(test.arm(), winner) ? test.difference()
                        : winner.equals(baseline) ? -test.difference() : Double.NaN;
                boolean worse = lowerIsBetter(guardrail) ? winnerMinusBaseline > 0 : winnerMinusBaseline < 0;
                if (worse && test.adjustedPValue() < alpha) {
                    return String.format(Locale.ROOT, "%s (%s vs %s, p = %.2g)", guardrail, test.arm(), test.baseline(),
                            test.adjustedPValue());
                }
            }
        }
        return null;
    }

    private static double[] latencies(List<Outcome> outcomes) {
        return outcomes.stream().mapToDouble(o -> o.latencyNanos() / 1e6).toArray();
    }

    private static double variance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return values.length < 2 ? 0 : sum / (values.length - 1);
    }
}
