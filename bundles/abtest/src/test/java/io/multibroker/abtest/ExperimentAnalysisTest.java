package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.statistics.descriptive.Statistic;
import org.junit.jupiter.api.Test;

class ExperimentAnalysisTest {

    private static ExperimentInfo info(List<String> guardrails) {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("slow", 5000);
        arms.put("fast", 5000);
        return new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), "latency", guardrails, new BigDecimal("0.05"), 100, false,
                "fixed", true);
    }

    /** Outcomes of one arm: log-normal latency around the median, a share of rejections. */
    private static List<Outcome> outcomes(SplittableRandom random, String arm, int n, double medianMillis, double rejectShare) {
        List<Outcome> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            long nanos = (long) (medianMillis * Math.exp(0.4 * z) * 1e6);
            boolean rejected = random.nextDouble() < rejectShare;
            list.add(new Outcome("t", arm, false, arm + "-" + i, rejected ? "REJECTED" : "FILLED", nanos,
                    rejected ? BigDecimal.ZERO : BigDecimal.ONE, null, rejected ? "MARKET_CLOSED" : null, Instant.EPOCH));
        }
        return list;
    }

    private static List<Outcome> interleave(List<Outcome> a, List<Outcome> b) {
        List<Outcome> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aFasterArmIsFoundAndTheFiguresAreThere() {
        SplittableRandom random = new SplittableRandom(1);
        ExperimentReport report = ExperimentAnalysis.analyse(info(List.of()),
                interleave(outcomes(random, "slow", 200, 40, 0), outcomes(random, "fast", 200, 8, 0)));
        assertEquals("fast", report.winner());
        assertEquals("fast is better on latency", report.verdict());
        assertFalse(report.sampleRatioMismatch());
        assertEquals(1.0, report.informationFraction(), 1e-12);
        ExperimentReport.ArmSummary fast = report.arms().get(1);
        assertEquals(200, fast.orders());
        assertTrue(fast.latencyMedianMillis() > 7 && fast.latencyMedianMillis() < 9, "median " + fast.latencyMedianMillis());
        assertTrue(fast.latencyMeanLowerMillis() < fast.latencyMeanMillis() && fast.latencyMeanMillis() < fast.latencyMeanUpperMillis());
        assertTrue(fast.latencyP99Millis() > fast.latencyMedianMillis());
        assertTrue(report.tests().stream().anyMatch(t -> t.test().equals("Mann-Whitney U") && t.pValue() < 1e-6));
    }

    @Test
    void anAaExperimentHasNoWinner() {
        SplittableRandom random = new SplittableRandom(2);
        ExperimentReport report = ExperimentAnalysis.analyse(info(List.of()),
                interleave(outcomes(random, "slow", 150, 20, 0), outcomes(random, "fast", 150, 20, 0)));
        assertNull(report.winner());
        assertEquals("no significant difference on latency within the planned 100 orders per arm", report.verdict());
        ExperimentReport halfway = ExperimentAnalysis.analyse(info(List.of()),
                interleave(outcomes(random, "slow", 50, 20, 0), outcomes(random, "fast", 50, 20, 0)));
        assertEquals("no difference yet on latency (50 % of the planned 100 orders per arm)", halfway.verdict());
    }

    @Test
    void aBrokenSplitIsFlaggedAndDecidesNothing() {
        SplittableRandom random = new SplittableRandom(3);
        ExperimentReport report = ExperimentAnalysis.analyse(info(List.of()),
                interleave(outcomes(random, "slow", 700, 40, 0), outcomes(random, "fast", 300, 8, 0)));
        assertTrue(report.sampleRatioMismatch());
        assertNull(report.winner());
        assertTrue(report.verdict().startsWith("sample ratio mismatch"), report.verdict());
    }

    @Test
    void aWinnerThatBreaksAGuardrailIsNotPromoted() {
        SplittableRandom random = new SplittableRandom(4);
        ExperimentReport report = ExperimentAnalysis.analyse(info(List.of("reject_rate")),
                interleave(outcomes(random, "slow", 200, 40, 0.0), outcomes(random, "fast", 200, 8, 0.3)));
        assertNull(report.winner());
        assertTrue(report.verdict().startsWith("fast is better on latency but stopped by the guardrail reject_rate"), report.verdict());
    }

    /** Deviations from an arm's mean latency in ms: mean 0, sample variance 15.125 / 9. */
    private static final double[] SPREAD = {-2, -1.5, -1, -0.5, -0.25, 0.25, 0.5, 1, 1.5, 2};

    /** An experiment on latency over three equal arms, planned for 100 orders per arm: look 1 is 10 orders per arm. */
    private static ExperimentInfo threeArms() {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("a", 3334);
        arms.put("b", 3333);
        arms.put("c", 3333);
        return new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), "latency", List.of(), new BigDecimal("0.05"), 100, false, "fixed",
                true);
    }

    /** Ten filled orders of an arm, latency mean + scale * SPREAD[i] ms. */
    private static List<Outcome> lookOne(String arm, double meanMillis, double scale) {
        List<Outcome> list = new ArrayList<>();
        for (int i = 0; i < SPREAD.length; i++) {
            long nanos = Math.round((meanMillis + scale * SPREAD[i]) * 1e6);
            list.add(new Outcome("t", arm, false, arm + "-" + i, "FILLED", nanos, BigDecimal.ONE, null, null, Instant.EPOCH));
        }
        return list;
    }

    private static ExperimentReport.MetricTest welchLatency(ExperimentReport report, String arm) {
        return report.tests().stream().filter(t -> t.metric().equals("latency") && t.test().equals("Welch t") && t.arm().equals(arm))
                .findFirst().orElseThrow();
    }

    /**
     * Look 1 of three arms tests at the Pocock-type level 0.05 ln(1 + (e - 1) / 10) = 0.007928253937021455. Arm b is
     * 1.8 ms faster than a: SciPy 1.17.1, ttest_ind(b, a, equal_var=False), p = 0.006115014987103028, below that level
     * on its own, yet not once Holm has adjusted it for the two comparisons (0.01223), and c (equal to a) is no better:
     * no winner. Unadjusted, the verdict took b.
     */
    @Test
    void threeArmsAreJudgedAfterHolmsAdjustment() {
        List<Outcome> outcomes = interleave(interleave(lookOne("a", 20, 1), lookOne("b", 18.2, 1)), lookOne("c", 20, 1));
        ExperimentReport report = ExperimentAnalysis.analyse(threeArms(), outcomes);
        assertEquals(0.1, report.informationFraction(), 1e-12);
        ExperimentReport.MetricTest b = welchLatency(report, "b");
        assertEquals(0.006115014987103028, b.pValue(), 1e-9);
        assertEquals(2 * 0.006115014987103028, b.adjustedPValue(), 1e-9);
        assertEquals(1.0, welchLatency(report, "c").pValue(), 1e-12);
        assertNull(report.winner(), report.verdict());
        assertEquals("no difference yet on latency (10 % of the planned 100 orders per arm)", report.verdict());
    }

    /**
     * Holm steps down: once b (p = 0.0002865182111721582, SciPy as above, 2.6 ms faster) is significant at twice its
     * p-value, c is held to its own p-value, 0.006009377212446419 (4.4 ms faster, three times the spread), which passes
     * look 1's level 0.00793. Both are better than a; c by more, so c wins. Bonferroni (c at 0.01202) would have taken b.
     */
    @Test
    void holmsStepDownLetsTheSecondArmWinAtTheFirstLook() {
        List<Outcome> outcomes = interleave(interleave(lookOne("a", 20, 1), lookOne("b", 17.4, 1)), lookOne("c", 15.6, 3));
        ExperimentReport report = ExperimentAnalysis.analyse(threeArms(), outcomes);
        ExperimentReport.MetricTest b = welchLatency(report, "b");
        ExperimentReport.MetricTest c = welchLatency(report, "c");
        assertEquals(0.0002865182111721582, b.pValue(), 1e-9);
        assertEquals(0.006009377212446419, c.pValue(), 1e-9);
        assertEquals(2 * b.pValue(), b.adjustedPValue(), 1e-12);
        assertEquals(c.pValue(), c.adjustedPValue(), 1e-12);
        assertEquals("c", report.winner(), report.verdict());
        assertEquals("c is better on latency", report.verdict());
    }

    /** A 0 % arm no longer switches the ratio check off: the other arms are checked against their shares. */
    @Test
    void aSplitOffItsWeightsIsFlaggedBesideAZeroPercentArm() {
        SplittableRandom random = new SplittableRandom(10);
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("slow", 5000);
        arms.put("fast", 5000);
        arms.put("idle", 0);
        ExperimentInfo info = new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), "latency", List.of(), new BigDecimal("0.05"), 100,
                false, "fixed", true);
        ExperimentReport report = ExperimentAnalysis.analyse(info,
                interleave(outcomes(random, "slow", 5200, 20, 0), outcomes(random, "fast", 4800, 20, 0)));
        // chisquare([5200, 4800]) over the two arms with a share: p = 6.3e-5
        assertEquals(6.334248366623996e-05, report.sampleRatioPValue(), 1e-12);
        assertTrue(report.sampleRatioMismatch());
        assertTrue(report.verdict().startsWith("sample ratio mismatch"), report.verdict());

        ExperimentReport leaked = ExperimentAnalysis.analyse(info, interleave(interleave(outcomes(random, "slow", 500, 20, 0),
                outcomes(random, "fast", 500, 20, 0)), outcomes(random, "idle", 1, 20, 0)));
        assertTrue(leaked.sampleRatioMismatch(), "an order reached the 0 % arm: p = " + leaked.sampleRatioPValue());
    }

    /** After a promotion the evidence is frozen: later orders (all to the winner) neither count nor trip the ratio check. */
    @Test
    void afterAPromotionTheReportKeepsTheEvidenceUpToIt() {
        SplittableRandom random = new SplittableRandom(9);
        Instant promotedAt = Instant.parse("2026-11-24T12:00:00Z");
        List<Outcome> before = interleave(outcomes(random, "slow", 150, 40, 0), outcomes(random, "fast", 150, 8, 0));
        List<Outcome> after = new ArrayList<>();
        for (Outcome o : outcomes(random, "fast", 500, 8, 0)) {
            after.add(new Outcome(o.experiment(), o.arm(), false, o.clientOrderId() + "-after", o.status(), o.latencyNanos(), o.fillRatio(),
                    null, null, promotedAt.plusSeconds(1)));
        }
        Map<String, Integer> promoted = new LinkedHashMap<>();
        promoted.put("slow", 0);
        promoted.put("fast", 10_000);
        Map<String, Integer> weightsBefore = new LinkedHashMap<>();
        weightsBefore.put("slow", 5000);
        weightsBefore.put("fast", 5000);
        ExperimentInfo info = new ExperimentInfo("t", promoted, "t", Set.of(), Set.of(), "latency", List.of(), new BigDecimal("0.05"), 100,
                true, "fixed", true, 1000, "fast", promotedAt, weightsBefore);
        ExperimentReport report = ExperimentAnalysis.analyse(info, interleave(before, after));
        assertEquals(150, report.arms().get(1).orders());
        assertFalse(report.sampleRatioMismatch(), "p = " + report.sampleRatioPValue());
        assertEquals("promoted fast at 2026-11-24T12:00:00Z; the evidence up to then: fast is better on latency", report.verdict());
    }

    /**
     * The running figures are those of the outcomes themselves: counts, two-pass mean and variance, and at each
     * look the figures of exactly the first outcomes of the arm up to the look's size.
     */
    @Test
    void theTallyHoldsTheFiguresOfTheOutcomesNowAndAtEveryLook() {
        SplittableRandom random = new SplittableRandom(8);
        List<Outcome> slow = outcomes(random, "slow", 250, 20, 0.1);
        OutcomeTally tally = OutcomeTally.of(info(List.of()), interleave(slow, outcomes(random, "fast", 250, 10, 0.2)));
        OutcomeTally.Figures figures = tally.arm("slow").now();
        double[] millis = slow.stream().mapToDouble(o -> o.latencyNanos() / 1e6).toArray();
        double mean = Arrays.stream(millis).average().orElseThrow();
        double squares = Arrays.stream(millis).map(v -> (v - mean) * (v - mean)).sum();
        assertEquals(250, figures.orders());
        assertEquals(slow.stream().filter(o -> o.status().equals("REJECTED")).count(), figures.rejected());
        assertEquals(mean, figures.latencyMillis().getAsDouble(Statistic.MEAN), 1e-9);
        assertEquals(squares / 249, figures.latencyMillis().getAsDouble(Statistic.VARIANCE), 1e-9);
        for (int look = 1; look <= ExperimentAnalysis.LOOKS; look++) {
            int size = (int) tally.lookSize(look);
            OutcomeTally.Figures prefix = OutcomeTally.of(info(List.of()), slow.subList(0, size)).arm("slow").now();
            OutcomeTally.Figures atLook = tally.arm("slow").atLook(look);
            assertEquals(size, atLook.orders());
            assertEquals(prefix.rejected(), atLook.rejected());
            assertEquals(prefix.latencyMillis().getAsDouble(Statistic.MEAN),
                    atLook.latencyMillis().getAsDouble(Statistic.MEAN), 1e-12);
        }
        OutcomeTally early = OutcomeTally.of(info(List.of()), slow.subList(0, 25));
        assertNull(early.arm("slow").atLook(3), "look 3 needs 30 outcomes");
    }
}
