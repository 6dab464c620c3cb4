package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.SequentialLooks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LookProgressTest {

    private static final ExperimentInfo INFO = info();

    private static ExperimentInfo info() {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("a", 5000);
        arms.put("b", 5000);
        return new ExperimentInfo("looks", arms, "looks", Set.of(), Set.of(), "latency", List.of(), new BigDecimal("0.05"), 100, false,
                "fixed", true);
    }

    private static OutcomeTally tally(int ordersOfA, int ordersOfB) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < Math.max(ordersOfA, ordersOfB); i++) {
            if (i < ordersOfA) {
                outcomes.add(new Outcome("looks", "a", false, "a-" + i, "FILLED", 5_000_000, BigDecimal.ONE, null, null, Instant.EPOCH));
            }
            if (i < ordersOfB) {
                outcomes.add(new Outcome("looks", "b", false, "b-" + i, "FILLED", 9_000_000, BigDecimal.ONE, null, null, Instant.EPOCH));
            }
        }
        return OutcomeTally.of(INFO, outcomes);
    }

    private static double pocock(double t) {
        return 0.05 * Math.log(1 + (Math.E - 1) * t);
    }

    @Test
    void theLookReachedIsTheLastOneEveryArmHasReachedAndItsAlphaIsSpent() {
        SequentialLooks looks = LookProgress.of(INFO, tally(35, 25));
        assertEquals(2, looks.lookReached(), "b has 25 of the 30 orders look 3 needs");
        assertEquals(pocock(0.2), looks.alphaSpent(), 1e-15);
        assertEquals("latency", looks.primaryMetric());
        assertEquals(0.05, looks.significanceLevel(), 1e-15);
        assertEquals(10, looks.looks().size());
        SequentialLooks.Look third = looks.looks().get(2);
        assertEquals(3, third.look());
        assertEquals(30, third.ordersPerArm());
        assertFalse(third.reached());
        assertTrue(looks.looks().get(1).reached());
        assertEquals(pocock(0.3) - pocock(0.2), third.level(), 1e-15);
        assertEquals(pocock(0.3), third.cumulativeAlpha(), 1e-15);
    }

    @Test
    void noLookBeforeTheFirstSampleAndTheWholeLevelAtTheLast() {
        SequentialLooks none = LookProgress.of(INFO, tally(9, 200));
        assertEquals(0, none.lookReached());
        assertEquals(0.0, none.alphaSpent());
        assertTrue(none.looks().stream().noneMatch(SequentialLooks.Look::reached));

        SequentialLooks all = LookProgress.of(INFO, tally(100, 120));
        assertEquals(10, all.lookReached());
        assertEquals(0.05, all.alphaSpent(), 1e-15, "the spending function releases exactly alpha at the end");
        assertEquals(0.05, all.looks().stream().mapToDouble(SequentialLooks.Look::level).sum(), 1e-15,
                "the looks' levels add up to the significance level");
    }
}
