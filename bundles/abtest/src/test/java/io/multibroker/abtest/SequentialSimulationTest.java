package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.abtest.OutcomeTally.Figures;
import io.multibroker.abtest.stats.AlphaSpending;
import io.multibroker.abtest.stats.Tests;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.statistics.descriptive.Statistic;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The sequential rule proven by simulation on the production verdict, the one abtest:report and the supervisor
 * read: simulated outcomes are folded into an {@link OutcomeTally} and judged by {@link ExperimentAnalysis}.
 * Seeded, so that every run sees the same numbers: an A/A (or A/A/A, Holm over two comparisons) experiment
 * judged at all ten looks finds a false winner at most at the significance level (while naive peeking at
 * the same looks does far more often), and a real latency difference is found within the planned sample
 * that the power calculation predicts, with two arms and with three.
 */
class SequentialSimulationTest {

    private static final double ALPHA = 0.05;
    private static final int LOOKS = ExperimentAnalysis.LOOKS;
    private static final double SIGMA = 0.4;

    /** A log-normal latency in ms, the shape of the paper broker's latency model. */
    private static double latency(SplittableRandom random, double medianMillis, double sigma) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return medianMillis * Math.exp(sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }

    /** An experiment on latency with equal weights over arms a, b, c, ... planned for this sample per arm. */
    private static ExperimentInfo info(int arms, int perArm) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        int left = Arms.TOTAL_BASIS_POINTS;
        for (int i = 0; i < arms; i++) {
            int weight = i == 0 ? left - (arms - 1) * (Arms.TOTAL_BASIS_POINTS / arms) : Arms.TOTAL_BASIS_POINTS / arms;
            weights.put(arm(i), weight);
        }
        return new ExperimentInfo("sim", weights, "sim", Set.of(), Set.of(), "latency", List.of(), BigDecimal.valueOf(ALPHA), perArm,
                false, "fixed", true);
    }

    private static String arm(int index) {
        return String.valueOf((char) ('a' + index));
    }

    /** The planned sample of every arm, one order per arm at a time, folded in the order recorded. */
    private static OutcomeTally simulate(SplittableRandom random, ExperimentInfo info, double[] medians) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < info.minimumSamplePerArm(); i++) {
            for (int arm = 0; arm < medians.length; arm++) {
                long nanos = Math.round(latency(random, medians[arm], SIGMA) * 1e6);
                outcomes.add(new Outcome(info.name(), arm(arm), false, arm(arm) + "-" + i, "FILLED", nanos, BigDecimal.ONE, null, null,
                        Instant.EPOCH));
            }
        }
        return OutcomeTally.of(info, outcomes);
    }

    /** How often each arm won, and how often any comparison was "significant" at alpha on some look (naive peeking). */
    private record Tally(Map<String, Integer> winners, int naive) {
        int anyWinner() {
            return winners.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static Tally run(long seed, int experiments, int perArm, double... medians) {
        SplittableRandom random = new SplittableRandom(seed);
        ExperimentInfo info = info(medians.length, perArm);
        Map<String, Integer> winners = new LinkedHashMap<>();
        int naive = 0;
        for (int e = 0; e < experiments; e++) {
            OutcomeTally tally = simulate(random, info, medians);
            ExperimentReport report = ExperimentAnalysis.analyse(info, tally);
            assertEquals(1.0, report.informationFraction(), 1e-12);
            if (report.winner() != null) {
                winners.merge(report.winner(), 1, Integer::sum);
            }
            naive += peeksNaively(tally, medians.length) ? 1 : 0;
        }
        return new Tally(winners, naive);
    }

    /** What the alpha spending prevents: a plain Welch test at alpha on every look, each arm against the first. */
    private static boolean peeksNaively(OutcomeTally tally, int arms) {
        for (int look = 1; look <= LOOKS; look++) {
            Figures baseline = tally.arm(arm(0)).atLook(look);
            for (int arm = 1; arm < arms; arm++) {
                Figures other = tally.arm(arm(arm)).atLook(look);
                double p = Tests.welch(other.latencyMillis().getAsDouble(Statistic.MEAN), other.latencyMillis().getAsDouble(Statistic.VARIANCE),
                        other.orders(), baseline.latencyMillis().getAsDouble(Statistic.MEAN),
                        baseline.latencyMillis().getAsDouble(Statistic.VARIANCE), baseline.orders(), ALPHA).pValue();
                if (p < ALPHA) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void anAaExperimentJudgedAtEveryLookFindsAFalseWinnerAtMostAtTheSignificanceLevel() {
        int experiments = 1000;
        Tally tally = run(20261124, experiments, 500, 20, 20);
        double falseWinners = (double) tally.anyWinner() / experiments;
        double naive = (double) tally.naive() / experiments;
        assertTrue(falseWinners <= ALPHA, "A/A false winner rate of the production verdict: " + falseWinners + " " + tally);
        assertTrue(naive > 2 * ALPHA, "A/A false positive rate when peeking naively: " + naive);
    }

    /** Three arms: the verdict adjusts the two comparisons with the baseline by Holm at every look. */
    @Test
    void anAaaExperimentJudgedAtEveryLookFindsAFalseWinnerAtMostAtTheSignificanceLevel() {
        int experiments = 600;
        Tally tally = run(20261130, experiments, 500, 20, 20, 20);
        double falseWinners = (double) tally.anyWinner() / experiments;
        double naive = (double) tally.naive() / experiments;
        assertTrue(falseWinners <= ALPHA, "A/A/A false winner rate of the production verdict: " + falseWinners + " " + tally);
        assertTrue(naive > 2 * ALPHA, "A/A/A false positive rate when peeking naively: " + naive);
    }

    @Test
    void aKnownLatencyDifferenceIsFoundWithinThePredictedSampleSize() {
        // arm b is 10 % faster than the baseline a
        int perArm = predictedSamplePerArm(22, 20, 1);
        assertTrue(perArm > 100 && perArm < 2000, "predicted sample per arm " + perArm);
        int experiments = 300;
        Tally tally = run(7, experiments, perArm, 22, 20);
        double power = (double) tally.winners().getOrDefault("b", 0) / experiments;
        assertTrue(power >= 0.8, "b found in " + power + " of experiments of " + perArm + " orders per arm: " + tally);
        assertEquals(tally.anyWinner(), tally.winners().getOrDefault("b", 0), "only the faster arm ever wins: " + tally);
    }

    /** Three arms, the faster one last: found through the Holm step at the predicted sample, and no other arm wins. */
    @Test
    void aKnownLatencyDifferenceAmongThreeArmsIsFoundWithinThePredictedSampleSize() {
        int perArm = predictedSamplePerArm(22, 20, 2);
        assertTrue(perArm > 100 && perArm < 2000, "predicted sample per arm " + perArm);
        int experiments = 300;
        Tally tally = run(11, experiments, perArm, 22, 22, 20);
        double power = (double) tally.winners().getOrDefault("c", 0) / experiments;
        assertTrue(power >= 0.8, "c found in " + power + " of experiments of " + perArm + " orders per arm: " + tally);
        assertTrue(tally.anyWinner() - tally.winners().getOrDefault("c", 0) <= ALPHA * experiments, "a slower arm won: " + tally);
    }

    /**
     * The sample per arm for 80 % power at the level the last look tests at (the most conservative one), with
     * Holm's first step over {@code comparisons} comparisons (the smallest p-value is multiplied by their number).
     */
    private static int predictedSamplePerArm(double medianBaseline, double medianFaster, int comparisons) {
        AlphaSpending plan = new AlphaSpending(ALPHA);
        double lastLook = (plan.cumulative(1) - plan.cumulative((LOOKS - 1.0) / LOOKS)) / comparisons;
        double meanBaseline = medianBaseline * Math.exp(SIGMA * SIGMA / 2);
        double meanFaster = medianFaster * Math.exp(SIGMA * SIGMA / 2);
        double spread = Math.exp(SIGMA * SIGMA) - 1;
        double variances = spread * (meanBaseline * meanBaseline + meanFaster * meanFaster);
        NormalDistribution normal = NormalDistribution.of(0, 1);
        double z = normal.inverseSurvivalProbability(lastLook / 2) + normal.inverseSurvivalProbability(0.2);
        // a whole number of orders per look
        int perArm = (int) Math.ceil(z * z * variances / ((meanBaseline - meanFaster) * (meanBaseline - meanFaster)));
        return (perArm + LOOKS - 1) / LOOKS * LOOKS;
    }
}
