package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.Markout;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentReport.MetricSummary;
import io.multibroker.api.routing.ExperimentReport.MetricTest;
import io.multibroker.api.routing.ExperimentReport.QuantileValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The execution-quality metrics in an experiment's report: per-arm distributions, tests, the sequential verdict, guardrails. */
class QualityReportTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    private static ExperimentInfo info(String primary, List<String> guardrails) {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("slow", 5000);
        arms.put("fast", 5000);
        return new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), primary, guardrails, new BigDecimal("0.05"), 100, false, "fixed", true);
    }

    /** One fill of an arm with the effective spread and 5 s markout given (null: not measured, a gap). */
    private static FillQuality fill(String arm, int i, Double effectivePips, Double markout5sPips, boolean override) {
        List<Markout> markouts = new ArrayList<>();
        for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
            Double pips = horizon == MarkoutHorizon.FIVE_SECONDS ? markout5sPips : null;
            markouts.add(pips == null ? new Markout(horizon, MarkoutState.GAP, null, null)
                    : new Markout(horizon, MarkoutState.MEASURED, BigDecimal.ONE, figure(pips)));
        }
        return new FillQuality(arm, arm + "-" + i, null, "EUR_USD", OrderSide.BUY, BigDecimal.ONE, BigDecimal.ONE, T0, T0.plusMillis(i),
                arm, "t", arm, override, null, null, null, effectivePips == null ? null : figure(effectivePips), null, null, null,
                markouts, null, false);
    }

    private static Figure figure(double pips) {
        return new Figure(BigDecimal.valueOf(pips), BigDecimal.valueOf(pips));
    }

    private static double normal(SplittableRandom random, double mean, double sd) {
        return mean + sd * Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Fills of both arms, taking turns: slow pays 2 pips and is marked out at -0.5; fast pays 1 pip and is marked at +0.2. */
    private static List<FillQuality> fills(SplittableRandom random, int perArm) {
        List<FillQuality> fills = new ArrayList<>();
        for (int i = 0; i < perArm; i++) {
            fills.add(fill("slow", i, normal(random, 2.0, 0.3), normal(random, -0.5, 0.5), false));
            fills.add(fill("fast", i, normal(random, 1.0, 0.3), normal(random, 0.2, 0.5), false));
        }
        return fills;
    }

    private static List<Outcome> outcomes(String arm, int n, long latencyMillis) {
        List<Outcome> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // a little spread, so that the latencies have a variance
            list.add(new Outcome("t", arm, false, arm + "-" + i, "FILLED", (latencyMillis + i % 3) * 1_000_000, BigDecimal.ONE, null,
                    null, T0));
        }
        return list;
    }

    private static ExperimentReport report(ExperimentInfo info, List<Outcome> outcomes, List<FillQuality> fills) {
        return ExperimentAnalysis.analyse(info, OutcomeTally.of(info, outcomes), QualitySamples.of(info, fills));
    }

    private static MetricSummary summary(ExperimentReport report, String metric, String arm) {
        return report.metrics().stream().filter(m -> m.metric().equals(metric) && m.arm().equals(arm)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " of " + arm + " in " + report.metrics()));
    }

    @Test
    void eachArmsDistributionIsSummarisedAndTheArmsAreTested() {
        List<FillQuality> fills = fills(new SplittableRandom(5), 150);
        // an override and a fill without a figure count for nothing
        fills.add(fill("fast", 999, 50.0, 50.0, true));
        fills.add(fill("fast", 1000, null, null, false));
        ExperimentReport report = report(info("latency", List.of()), List.of(), fills);

        MetricSummary slow = summary(report, "effective_spread", "slow");
        MetricSummary fast = summary(report, "effective_spread", "fast");
        assertEquals(150, slow.count());
        assertEquals(150, fast.count());
        assertEquals("pips", fast.unit());
        assertTrue(Math.abs(slow.mean() - 2.0) < 0.1 && Math.abs(fast.mean() - 1.0) < 0.1, slow + " " + fast);
        assertTrue(fast.lower() < fast.mean() && fast.mean() < fast.upper() && fast.upper() - fast.lower() < 0.2, fast.toString());
        assertTrue(Math.abs(fast.median() - 1.0) < 0.1 && fast.p99() > fast.median() + 0.4, fast.toString());
        assertEquals(150, summary(report, "markout_5s", "fast").count());

        MetricTest spread = report.tests().stream().filter(t -> t.metric().equals("effective_spread")).findFirst().orElseThrow();
        assertEquals("Welch t", spread.test());
        assertEquals("fast", spread.arm());
        assertEquals("slow", spread.baseline());
        assertTrue(Math.abs(spread.difference() + 1.0) < 0.15 && spread.lower() < spread.difference() && spread.pValue() < 1e-10,
                spread.toString());
        // no markout was measured at 1 s or 60 s: those metrics are left out rather than shown empty
        assertTrue(report.metrics().stream().noneMatch(m -> m.metric().equals("markout_1s") || m.metric().equals("markout_60s")));
    }

    @Test
    void aSmallSampleReadsAsWorkedByHand() {
        List<FillQuality> fills = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            fills.add(fill("slow", i, (double) i, null, false));
        }
        MetricSummary slow = summary(report(info("latency", List.of()), List.of(), fills), "effective_spread", "slow");
        // mean 3, variance 2.5, t(4; 0.975) = 2.776445: 3 +- 2.776445 * sqrt(2.5 / 5) = 3 +- 1.963243
        assertEquals(3.0, slow.mean(), 1e-12);
        assertEquals(1.036757, slow.lower(), 1e-6);
        assertEquals(4.963243, slow.upper(), 1e-6);
        assertEquals(3.0, slow.median(), 1e-12);
        assertTrue(slow.p99() > 4.9 && slow.p99() <= 5.0, "p99 " + slow.p99());
        assertEquals(0, summary(report(info("latency", List.of()), List.of(), fills), "effective_spread", "fast").count());
    }

    @Test
    void eachArmCarriesItsDistributionAsTheSameFewQuantilesFromLeastToGreatest() {
        List<FillQuality> fills = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            fills.add(fill("slow", i, (double) (6 - i), null, false));
        }
        ExperimentReport small = report(info("latency", List.of()), List.of(), fills);
        MetricSummary slow = summary(small, "effective_spread", "slow");
        List<QuantileValue> q = slow.quantiles();
        assertEquals(21, q.size(), q.toString());
        assertEquals(0.0, q.get(0).probability(), 1e-12);
        assertEquals(1.0, q.get(0).value(), 1e-12, "probability 0 is the least value");
        assertEquals(0.5, q.get(10).probability(), 1e-12);
        assertEquals(slow.median(), q.get(10).value(), 1e-12, "probability 0.5 is the median");
        assertEquals(1.0, q.get(20).probability(), 1e-12);
        assertEquals(5.0, q.get(20).value(), 1e-12, "probability 1 is the greatest value");
        for (int i = 1; i < q.size(); i++) {
            assertTrue(q.get(i).probability() > q.get(i - 1).probability() && q.get(i).value() >= q.get(i - 1).value(), q.toString());
        }
        assertEquals(List.of(), summary(small, "effective_spread", "fast").quantiles(), "an arm without fills has no distribution");

        // 40,000 fills give the same 21 points, close to the normal distribution they were drawn from (fast: 1 pip, sd 0.3)
        ExperimentReport large = report(info("latency", List.of()), List.of(), fills(new SplittableRandom(9), 20_000));
        List<QuantileValue> fast = summary(large, "effective_spread", "fast").quantiles();
        assertEquals(21, fast.size());
        assertEquals(0.05, fast.get(1).probability(), 1e-12);
        assertEquals(1.0 - 1.644854 * 0.3, fast.get(1).value(), 0.02, fast.toString());
        assertEquals(1.0 + 1.644854 * 0.3, fast.get(19).value(), 0.02, fast.toString());
    }

    @Test
    void aMarkoutCanBeThePrimaryMetric() {
        ExperimentReport report = report(info("markout_5s", List.of()), List.of(), fills(new SplittableRandom(6), 150));
        assertEquals("fast", report.winner());
        assertEquals("fast is better on markout_5s", report.verdict());
        assertEquals(1.0, report.informationFraction(), 1e-12);

        ExperimentReport early = report(info("markout_5s", List.of()), List.of(), fills(new SplittableRandom(6), 5));
        assertNull(early.winner());
        assertEquals("no difference yet on markout_5s (5 % of the planned 100 orders per arm)", early.verdict());
    }

    @Test
    void aMarkoutGuardrailStopsAWinnerWhoseFillsAreWorthLess() {
        // fast answers in 8 ms against 40 ms, but its fills are marked out worse: swap the arms' fills
        List<FillQuality> swapped = new ArrayList<>();
        for (FillQuality f : fills(new SplittableRandom(7), 150)) {
            String arm = f.arm().equals("fast") ? "slow" : "fast";
            swapped.add(new FillQuality(arm, f.clientOrderId(), null, f.instrument(), f.side(), f.units(), f.fillPrice(), f.submittedAt(),
                    f.filledAt(), arm, "t", arm, false, null, null, null, f.effectiveSpread(), null, null, null, f.markouts(), null, false));
        }
        List<Outcome> outcomes = new ArrayList<>(outcomes("slow", 150, 40));
        outcomes.addAll(outcomes("fast", 150, 8));
        ExperimentReport guarded = report(info("latency", List.of("markout_5s")), outcomes, swapped);
        assertNull(guarded.winner());
        assertTrue(guarded.verdict().startsWith("fast is better on latency but stopped by the guardrail markout_5s (fast vs slow"),
                guarded.verdict());
        ExperimentReport unguarded = report(info("latency", List.of()), outcomes, swapped);
        assertEquals("fast", unguarded.winner());
    }

    @Test
    void aShadowArmQuotingWiderIsFoundWorseAndNeverWins() {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("slow", 5000);
        arms.put("fast", 5000);
        ExperimentInfo info = new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), "effective_spread", List.of("effective_spread"),
                new BigDecimal("0.05"), 100, false, "fixed", true, 0, null, null, Map.of(), List.of("wide"));
        SplittableRandom random = new SplittableRandom(8);
        List<FillQuality> fills = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            for (String arm : List.of("slow", "fast")) {
                FillQuality live = fill(arm, i, normal(random, 1.0, 0.3), normal(random, 0.0, 0.5), false);
                fills.add(live);
                // the shadow's quote for the same order: three times as wide
                fills.add(new FillQuality("wide", live.clientOrderId(), null, "EUR_USD", OrderSide.BUY, BigDecimal.ONE, BigDecimal.ONE, T0,
                        T0, arm, "t", "wide", false, null, null, null, figure(normal(random, 3.0, 0.3)), null, null, null, live.markouts(),
                        null, true));
            }
        }
        ExperimentReport report = report(info, List.of(), fills);
        assertEquals(300, summary(report, "effective_spread", "wide").count());
        MetricTest wide = report.tests().stream().filter(t -> t.metric().equals("effective_spread") && t.arm().equals("wide"))
                .findFirst().orElseThrow();
        assertEquals("slow", wide.baseline());
        // 2 pips worse than the live baseline, beyond doubt
        assertTrue(wide.difference() > 1.8 && wide.difference() < 2.2 && wide.adjustedPValue() < 1e-10, wide.toString());
        // the live arms are alike: no winner, and the shadow, far worse, neither wins nor stops anything
        assertNull(report.winner());
        assertTrue(report.verdict().startsWith("no significant difference on effective_spread"), report.verdict());
        assertEquals(List.of("slow", "fast"), report.arms().stream().map(ExperimentReport.ArmSummary::arm).toList());
    }
}
