package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.LimitOrderQuality;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentReport.MetricSummary;
import io.multibroker.api.routing.ExperimentReport.MetricTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The limit orders' execution quality in an experiment's report: fill ratio, share filled, time to fill and implementation
 * shortfall per arm, tested between arms, as the primary metric and as a guardrail.
 */
class LimitOrderReportTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    private static ExperimentInfo info(String primary, List<String> guardrails) {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("slow", 5000);
        arms.put("fast", 5000);
        return new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), primary, guardrails, new BigDecimal("0.05"), 100, false, "fixed", true);
    }

    /**
     * A limit order of 1,000 units of an arm that ended.
     *
     * @param filled the units filled
     * @param timeToFillMillis from submission to the last fill, or null when nothing filled
     * @param shortfallPips its implementation shortfall, or null while pending
     */
    private static LimitOrderQuality order(String arm, int i, int filled, Long timeToFillMillis, Double shortfallPips, boolean override) {
        BigDecimal ordered = new BigDecimal("1000");
        BigDecimal filledUnits = BigDecimal.valueOf(filled);
        Figure shortfall = shortfallPips == null ? null : new Figure(BigDecimal.valueOf(shortfallPips), BigDecimal.valueOf(shortfallPips));
        return new LimitOrderQuality(arm, arm + "-" + i, "EUR_USD", OrderSide.BUY, ordered, filledUnits, new BigDecimal("1.1"),
                filled > 0 ? new BigDecimal("1.1") : null, T0, timeToFillMillis == null ? null : T0.plusMillis(timeToFillMillis),
                T0.plusSeconds(2), filled == 1000 ? "FILLED" : "CANCELLED", arm, "t", arm, override, new BigDecimal("1.1"),
                filledUnits.divide(ordered), timeToFillMillis == null ? null : Duration.ofMillis(timeToFillMillis),
                shortfallPips == null ? MarkoutState.PENDING : MarkoutState.MEASURED, null, null, null, shortfall, null);
    }

    private static ExperimentReport report(ExperimentInfo info, List<Outcome> outcomes, List<LimitOrderQuality> orders) {
        return ExperimentAnalysis.analyse(info, OutcomeTally.of(info, outcomes), QualitySamples.of(info, List.of(), orders));
    }

    private static MetricSummary summary(ExperimentReport report, String metric, String arm) {
        return report.metrics().stream().filter(m -> m.metric().equals(metric) && m.arm().equals(arm)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " of " + arm + " in " + report.metrics()));
    }

    private static double normal(SplittableRandom random, double mean, double sd) {
        return mean + sd * Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Orders of both arms, taking turns: slow's shortfall is 2 pips, fast's 1 pip (sd 0.3), both fill in full in about 500 ms. */
    private static List<LimitOrderQuality> orders(SplittableRandom random, int perArm, String worse) {
        List<LimitOrderQuality> orders = new ArrayList<>();
        for (int i = 0; i < perArm; i++) {
            for (String arm : List.of("slow", "fast")) {
                double mean = arm.equals(worse) ? 2.0 : 1.0;
                orders.add(order(arm, i, 1000, 500L + i % 7, normal(random, mean, 0.3), false));
            }
        }
        return orders;
    }

    private static List<Outcome> outcomes(String arm, int n, long latencyMillis) {
        List<Outcome> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Outcome("t", arm, false, arm + "-" + i, "FILLED", (latencyMillis + i % 3) * 1_000_000, BigDecimal.ONE, null,
                    null, T0));
        }
        return list;
    }

    @Test
    void eachArmsLimitOrdersReadAsWorkedByHand() {
        List<LimitOrderQuality> orders = new ArrayList<>();
        // slow: five orders; 1,000, 1,000, 500, 0 and 0 units filled; filled after 100, 300 and 800 ms; shortfalls 1 to 5 pips
        orders.add(order("slow", 1, 1000, 100L, 1.0, false));
        orders.add(order("slow", 2, 1000, 300L, 2.0, false));
        orders.add(order("slow", 3, 500, 800L, 3.0, false));
        orders.add(order("slow", 4, 0, null, 4.0, false));
        orders.add(order("slow", 5, 0, null, 5.0, false));
        // one whose opportunity cost is still pending: counted in the fill figures, not in the shortfall
        orders.add(order("slow", 6, 0, null, null, false));
        // an override is not the arm's own order
        orders.add(order("slow", 7, 1000, 5L, 99.0, true));
        ExperimentReport report = report(info("latency", List.of()), List.of(), orders);

        MetricSummary shortfall = summary(report, "implementation_shortfall", "slow");
        assertEquals("pips", shortfall.unit());
        assertEquals(5, shortfall.count());
        // mean 3, variance 2.5, t(4; 0.975) = 2.776445: 3 +- 2.776445 * sqrt(2.5 / 5) = 3 +- 1.963243
        assertEquals(3.0, shortfall.mean(), 1e-12);
        assertEquals(1.036757, shortfall.lower(), 1e-6);
        assertEquals(4.963243, shortfall.upper(), 1e-6);

        MetricSummary ratio = summary(report, "limit_fill_ratio", "slow");
        assertEquals("ratio", ratio.unit());
        assertEquals(6, ratio.count());
        // (1 + 1 + 0.5 + 0 + 0 + 0) / 6
        assertEquals(2.5 / 6, ratio.mean(), 1e-12);
        MetricSummary filled = summary(report, "limit_filled", "slow");
        assertEquals("share", filled.unit());
        assertEquals(0.5, filled.mean(), 1e-12);
        MetricSummary time = summary(report, "time_to_fill", "slow");
        assertEquals("ms", time.unit());
        assertEquals(3, time.count());
        assertEquals(400.0, time.mean(), 1e-9);
        assertEquals(300.0, time.median(), 1e-9);
        assertEquals(0, summary(report, "implementation_shortfall", "fast").count());
    }

    @Test
    void theShortfallIsTestedBetweenArmsAndCanBeThePrimaryMetric() {
        ExperimentReport report = report(info("implementation_shortfall", List.of()), List.of(), orders(new SplittableRandom(11), 150, "slow"));
        MetricTest test = report.tests().stream().filter(t -> t.metric().equals("implementation_shortfall")).findFirst().orElseThrow();
        assertEquals("Welch t", test.test());
        assertEquals("fast", test.arm());
        assertTrue(Math.abs(test.difference() + 1.0) < 0.15 && test.upper() < 0 && test.pValue() < 1e-10, test.toString());
        assertEquals("fast", report.winner());
        assertEquals("fast is better on implementation_shortfall", report.verdict());

        ExperimentReport early = report(info("implementation_shortfall", List.of()), List.of(), orders(new SplittableRandom(11), 5, "slow"));
        assertNull(early.winner());
        assertEquals("no difference yet on implementation_shortfall (5 % of the planned 100 orders per arm)", early.verdict());
    }

    @Test
    void aShortfallGuardrailStopsAFasterArmWhoseLimitOrdersCostMore() {
        List<Outcome> outcomes = new ArrayList<>(outcomes("slow", 150, 40));
        outcomes.addAll(outcomes("fast", 150, 8));
        List<LimitOrderQuality> fastCostsMore = orders(new SplittableRandom(12), 150, "fast");
        ExperimentReport guarded = report(info("latency", List.of("implementation_shortfall")), outcomes, fastCostsMore);
        assertNull(guarded.winner());
        assertTrue(guarded.verdict().startsWith("fast is better on latency but stopped by the guardrail implementation_shortfall"),
                guarded.verdict());
        assertEquals("fast", report(info("latency", List.of()), outcomes, fastCostsMore).winner());
    }
}
