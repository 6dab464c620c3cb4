package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import io.multibroker.api.routing.ExperimentReport.MetricTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A report is computed over every metric whatever the data: it must come out for any outcomes (empty arms, one
 * order, constant values, the extremes a long and a BigDecimal can carry), or abtest:report fails and the
 * supervisor never selects. Seeded, so that a failure is the same on every run.
 */
class ExperimentReportPropertyTest {

    private static final List<String> METRICS = List.of("latency", "slippage", "fill_rate", "reject_rate");
    private static final List<String> QUALITY_METRICS = List.of("effective_spread", "price_improvement", "markout_1s", "markout_5s",
            "markout_60s");
    private static final String[] STATUSES = {"FILLED", "PARTIALLY_FILLED", "REJECTED", "UNKNOWN", "ACCEPTED"};

    /** The case from the issue: slippage always 0 in both arms, the primary metric slippage. */
    @Test
    void twoArmsWithoutSlippageHaveNoWinnerAndAReport() {
        ExperimentReport report = ExperimentAnalysis.analyse(info("slippage", 2), constantArms(BigDecimal.ZERO, BigDecimal.ZERO));
        assertNull(report.winner());
        assertEquals("no significant difference on slippage within the planned 20 orders per arm", report.verdict());
        MetricTest slippage = slippageTest(report);
        assertEquals(1.0, slippage.pValue(), 0);
        assertEquals(0.0, slippage.lower(), 0);
        assertEquals(0.0, slippage.upper(), 0);
    }

    /** Constant but different slippage: the difference is certain and decides the experiment at the first look. */
    @Test
    void twoArmsOfDifferentConstantSlippageHaveACertainWinner() {
        ExperimentReport report = ExperimentAnalysis.analyse(info("slippage", 2), constantArms(BigDecimal.ONE, BigDecimal.ZERO));
        assertEquals("b", report.winner());
        MetricTest slippage = slippageTest(report);
        assertEquals(0.0, slippage.pValue(), 0);
        assertEquals(-1.0, slippage.difference(), 0);
    }

    /** Slippage beyond what a double holds (a broker's garbage price) cannot be tested: NaN, no winner, still a report. */
    @Test
    void slippageBeyondADoubleGivesNoTestAndNoWinner() {
        ExperimentReport infinite = ExperimentAnalysis.analyse(info("slippage", 2),
                constantArms(new BigDecimal("1e400"), BigDecimal.ZERO));
        assertTrue(Double.isNaN(slippageTest(infinite).pValue()));
        assertNull(infinite.winner());
        List<Outcome> huge = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            huge.add(new Outcome("p", "a", false, "a-" + i, "FILLED", 5_000_000, BigDecimal.ONE, new BigDecimal(i % 2 == 0 ? "1e300" : "-1e300"),
                    null, Instant.EPOCH));
            huge.add(new Outcome("p", "b", false, "b-" + i, "FILLED", 5_000_000, BigDecimal.ONE, BigDecimal.ONE, null, Instant.EPOCH));
        }
        ExperimentReport overflowing = ExperimentAnalysis.analyse(info("slippage", 2), huge);
        assertTrue(Double.isNaN(slippageTest(overflowing).pValue()), "variance overflows: " + slippageTest(overflowing));
        assertNull(overflowing.winner());
    }

    @Test
    void aReportComesOutForAnyOutcomes() {
        SplittableRandom random = new SplittableRandom(20261130);
        for (int round = 0; round < 2_000; round++) {
            int armCount = 2 + random.nextInt(2);
            ExperimentInfo info = randomInfo(random, armCount);
            List<Outcome> outcomes = new ArrayList<>();
            for (String arm : info.armBasisPoints().keySet()) {
                outcomes.addAll(randomArm(random, arm));
            }
            shuffle(random, outcomes);
            String context = "round " + round + ", " + info;
            ExperimentReport report = ExperimentAnalysis.analyse(info, outcomes);
            assertNotNull(report, context);
            assertEquals(armCount, report.arms().size(), context);
            for (MetricTest test : report.tests()) {
                assertProbability(test.pValue(), context + ", " + test);
                assertProbability(test.adjustedPValue(), context + ", " + test);
            }
            assertTrue(Double.isNaN(report.sampleRatioPValue()) ? info.allocation().equals("thompson")
                    : report.sampleRatioPValue() >= 0 && report.sampleRatioPValue() <= 1, context + ", SRM " + report.sampleRatioPValue());
            assertTrue(report.winner() == null || info.armBasisPoints().containsKey(report.winner()), context);
            assertNotNull(report.verdict(), context);
        }
    }

    /**
     * The same on the metrics measured per fill: price improvement is 0 on most fills of a market maker, so two arms
     * without any is the common case, not an edge. Primary metric price_improvement, 20 fills per arm.
     */
    @Test
    void twoArmsWithoutPriceImprovementHaveNoWinnerAndAReport() {
        ExperimentInfo info = new ExperimentInfo("p", Map.of("a", 5000, "b", 5000), "p", Set.of(), Set.of(), "price_improvement", List.of(),
                new BigDecimal("0.05"), 20, false, "fixed", true);
        List<FillQuality> fills = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fills.add(fill("a", i, false, 0.0, 0.0));
            fills.add(fill("b", i, false, 0.0, 0.0));
        }
        ExperimentReport report = ExperimentAnalysis.analyse(info, OutcomeTally.of(info, List.of()), QualitySamples.of(info, fills));
        assertNull(report.winner());
        MetricTest improvement = report.tests().stream().filter(t -> t.metric().equals("price_improvement")).findFirst().orElseThrow();
        assertEquals(1.0, improvement.pValue(), 0);
        assertEquals(0.0, improvement.lower(), 0);
        assertEquals(0.0, improvement.upper(), 0);
    }

    /**
     * A report comes out whatever the fills' figures: none, one, two, constants (0 above all), the extremes, gaps; with a
     * shadow arm now and then, a metric measured per fill as the primary one or as a guardrail.
     */
    @Test
    void aReportComesOutForAnyFills() {
        SplittableRandom random = new SplittableRandom(20261201);
        for (int round = 0; round < 1_000; round++) {
            int armCount = 2 + random.nextInt(2);
            ExperimentInfo drawn = randomInfo(random, armCount);
            List<String> shadows = random.nextBoolean() ? List.of("s") : List.of();
            List<String> guardrails = new ArrayList<>(drawn.guardrails());
            if (random.nextBoolean()) {
                guardrails.add(QUALITY_METRICS.get(random.nextInt(QUALITY_METRICS.size())));
            }
            String primary = random.nextInt(3) == 0 ? drawn.primaryMetric() : QUALITY_METRICS.get(random.nextInt(QUALITY_METRICS.size()));
            ExperimentInfo info = new ExperimentInfo("p", drawn.armBasisPoints(), "p", Set.of(), Set.of(), primary, guardrails,
                    drawn.significanceLevel(), drawn.minimumSamplePerArm(), false, drawn.allocation(), true, 1000, null, null, Map.of(),
                    shadows);
            List<Outcome> outcomes = new ArrayList<>();
            List<FillQuality> fills = new ArrayList<>();
            for (String arm : info.armBasisPoints().keySet()) {
                outcomes.addAll(randomArm(random, arm));
                fills.addAll(randomFills(random, arm, false));
            }
            shadows.forEach(shadow -> fills.addAll(randomFills(random, shadow, true)));
            String context = "round " + round + ", " + info;
            ExperimentReport report = ExperimentAnalysis.analyse(info, OutcomeTally.of(info, outcomes), QualitySamples.of(info, fills));
            assertNotNull(report.verdict(), context);
            for (MetricTest test : report.tests()) {
                assertProbability(test.pValue(), context + ", " + test);
                assertProbability(test.adjustedPValue(), context + ", " + test);
                assertTrue(Double.isNaN(test.lower()) || test.lower() <= test.difference() && test.difference() <= test.upper(),
                        context + ", " + test);
            }
            assertTrue(report.winner() == null || info.armBasisPoints().containsKey(report.winner()), context);
        }
    }

    /** An arm's fills in one of the shapes that break statistics, each figure drawn as {@link #slippage} draws them. */
    private static List<FillQuality> randomFills(SplittableRandom random, String arm, boolean shadow) {
        int n = new int[] {0, 1, 2, 3, 20, 60}[random.nextInt(6)];
        boolean constant = random.nextBoolean();
        Double spread = pips(slippage(random));
        Double improvement = pips(slippage(random));
        List<FillQuality> fills = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fills.add(constant ? fill(arm, i, shadow, spread, improvement) : fill(arm, i, shadow, pips(slippage(random)), pips(slippage(random))));
        }
        return fills;
    }

    private static Double pips(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }

    /** One fill with the effective spread, price improvement and every markout given in pips (null: not measured). */
    private static FillQuality fill(String arm, int i, boolean shadow, Double spreadPips, Double improvementPips) {
        List<Markout> markouts = new ArrayList<>();
        for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
            markouts.add(improvementPips == null ? new Markout(horizon, MarkoutState.GAP, null, null)
                    : new Markout(horizon, MarkoutState.MEASURED, BigDecimal.ONE, figure(improvementPips)));
        }
        return new FillQuality(arm, arm + "-" + i, null, "EUR_USD", OrderSide.BUY, BigDecimal.ONE, BigDecimal.ONE, Instant.EPOCH,
                Instant.EPOCH.plusMillis(i), arm, "p", arm, false, null, null, null, spreadPips == null ? null : figure(spreadPips), null,
                null, improvementPips == null ? null : figure(improvementPips), markouts, null, shadow);
    }

    private static Figure figure(double pips) {
        return new Figure(BigDecimal.valueOf(pips), BigDecimal.valueOf(pips));
    }

    private static void assertProbability(double p, String context) {
        assertTrue(p >= 0 && p <= 1, () -> "p = " + p + " in " + context);
    }

    private static MetricTest slippageTest(ExperimentReport report) {
        return report.tests().stream().filter(t -> t.metric().equals("slippage")).findFirst().orElseThrow();
    }

    private static ExperimentInfo info(String metric, int minimumSample) {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("a", 5000);
        arms.put("b", 5000);
        return new ExperimentInfo("p", arms, "p", Set.of(), Set.of(), metric, List.of(), new BigDecimal("0.05"), minimumSample * 10,
                false, "fixed", true);
    }

    private static List<Outcome> constantArms(BigDecimal slippageA, BigDecimal slippageB) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outcomes.add(new Outcome("p", "a", false, "a-" + i, "FILLED", 5_000_000, BigDecimal.ONE, slippageA, null, Instant.EPOCH));
            outcomes.add(new Outcome("p", "b", false, "b-" + i, "FILLED", 5_000_000, BigDecimal.ONE, slippageB, null, Instant.EPOCH));
        }
        return outcomes;
    }

    private static ExperimentInfo randomInfo(SplittableRandom random, int armCount) {
        Map<String, Integer> arms = new LinkedHashMap<>();
        int left = Arms.TOTAL_BASIS_POINTS;
        for (int i = 0; i < armCount; i++) {
            // now and then a 0 % arm, as a promotion leaves the losers
            int weight = i == armCount - 1 ? left : random.nextInt(4) == 0 ? 0 : random.nextInt(left + 1);
            arms.put(String.valueOf((char) ('a' + i)), weight);
            left -= weight;
        }
        List<String> guardrails = METRICS.stream().filter(m -> random.nextBoolean()).toList();
        BigDecimal alpha = new BigDecimal(new String[] {"0.0001", "0.05", "0.5"}[random.nextInt(3)]);
        int minimumSample = new int[] {2, 10, 100}[random.nextInt(3)];
        return new ExperimentInfo("p", arms, "p", Set.of(), Set.of(), METRICS.get(random.nextInt(METRICS.size())), guardrails, alpha,
                minimumSample, false, random.nextInt(5) == 0 ? "thompson" : "fixed", true);
    }

    /** An arm's outcomes in one of the shapes that break statistics: none, one, constants, extremes, or ordinary noise. */
    private static List<Outcome> randomArm(SplittableRandom random, String arm) {
        int n = new int[] {0, 1, 2, 3, 20, 150}[random.nextInt(6)];
        int shape = random.nextInt(4);
        long constantLatency = latency(random);
        BigDecimal constantSlippage = slippage(random);
        String constantStatus = STATUSES[random.nextInt(STATUSES.length)];
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean constant = shape == 0 || shape == 1 && random.nextBoolean();
            long latency = constant ? constantLatency : shape == 3 ? random.nextLong(1_000, 100_000_000) : latency(random);
            BigDecimal slippage = constant ? constantSlippage : shape == 3 ? BigDecimal.valueOf(random.nextInt(-50, 50), 1) : slippage(random);
            String status = constant ? constantStatus : STATUSES[random.nextInt(STATUSES.length)];
            outcomes.add(new Outcome("p", arm, random.nextInt(10) == 0, arm + "-" + i, status, latency, BigDecimal.ONE, slippage, null,
                    Instant.EPOCH));
        }
        return outcomes;
    }

    private static long latency(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> Long.MAX_VALUE;
            case 3 -> random.nextLong(0, Long.MAX_VALUE);
            default -> random.nextLong(1_000, 100_000_000);
        };
    }

    private static BigDecimal slippage(SplittableRandom random) {
        return switch (random.nextInt(7)) {
            case 0 -> null;
            case 1 -> BigDecimal.ZERO;
            // the largest whose squares, summed over a few hundred orders, a double still holds: no NaN anywhere
            case 2 -> new BigDecimal("1e150");
            case 3 -> new BigDecimal("-1e150");
            case 4 -> new BigDecimal("1e-300");
            case 5 -> new BigDecimal("-1e-300");
            default -> BigDecimal.valueOf(random.nextInt(-1_000, 1_000), 1);
        };
    }

    private static void shuffle(SplittableRandom random, List<Outcome> outcomes) {
        for (int i = outcomes.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Outcome swap = outcomes.get(i);
            outcomes.set(i, outcomes.get(j));
            outcomes.set(j, swap);
        }
    }
}
