package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentMetric;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class ThompsonAllocationTest {

    private static final List<String> ARMS = List.of("slow", "fast");

    private static Outcome latency(String arm, int i, double millis, boolean filled) {
        return new Outcome("t", arm, false, arm + "-" + i, filled ? "FILLED" : "REJECTED", (long) (millis * 1e6),
                filled ? BigDecimal.ONE : BigDecimal.ZERO, null, null, Instant.EPOCH);
    }

    /** The running tally the supervisor hands to the bandit, of these outcomes. */
    private static OutcomeTally tally(Map<String, List<Outcome>> outcomes) {
        Map<String, Integer> arms = new LinkedHashMap<>();
        ARMS.forEach(arm -> arms.put(arm, 5000));
        ExperimentInfo info = new ExperimentInfo("t", arms, "t", Set.of(),
                Set.of(), "latency", List.of(), new BigDecimal("0.05"), 100, false, "thompson", true);
        List<Outcome> all = new ArrayList<>();
        outcomes.values().forEach(all::addAll);
        return OutcomeTally.of(info, all);
    }

    private static double lognormal(SplittableRandom random, double median) {
        double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        return median * Math.exp(0.5 * z);
    }

    @Test
    void theFloorIsKeptAndTheSharesSumToExactlyTenThousand() {
        Map<String, Integer> all = ThompsonAllocation.withFloor(List.of("a", "b", "c"), new int[] {4000, 0, 0}, 1000);
        assertEquals(Map.of("a", 8000, "b", 1000, "c", 1000), all);
        Map<String, Integer> thirds = ThompsonAllocation.withFloor(List.of("a", "b", "c"), new int[] {1, 1, 1}, 500);
        assertEquals(10_000, thirds.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(thirds.values().stream().allMatch(v -> v == 3333 || v == 3334), thirds.toString());
        // a floor larger than an equal share is capped at the equal share
        assertEquals(Map.of("a", 5000, "b", 5000), ThompsonAllocation.withFloor(List.of("a", "b"), new int[] {9, 1}, 6000));
    }

    @Test
    void theConfiguredWeightsStayUntilEveryArmHasWarmedUp() {
        Map<String, List<Outcome>> outcomes = new HashMap<>();
        outcomes.put("slow", new ArrayList<>());
        outcomes.put("fast", new ArrayList<>());
        for (int i = 0; i < 50; i++) {
            outcomes.get("slow").add(latency("slow", i, 40, true));
        }
        for (int i = 0; i < ThompsonAllocation.WARM_UP_PER_ARM - 1; i++) {
            outcomes.get("fast").add(latency("fast", i, 8, true));
        }
        UniformRandomProvider random = new SplittableRandom(3)::nextLong;
        assertNull(ThompsonAllocation.allocate(ARMS, tally(outcomes), ExperimentMetric.LATENCY, 1000, random));
    }

    /** A bandit run in batches: traffic moves to the faster arm, and the slower keeps its floor. */
    @Test
    void trafficMovesToTheFasterArmAndTheOtherKeepsItsFloor() {
        SplittableRandom world = new SplittableRandom(11);
        UniformRandomProvider random = new SplittableRandom(12)::nextLong;
        Map<String, List<Outcome>> outcomes = new HashMap<>();
        ARMS.forEach(arm -> outcomes.put(arm, new ArrayList<>()));
        Map<String, Integer> allocation = Map.of("slow", 5000, "fast", 5000);
        int id = 0;
        for (int batch = 0; batch < 20; batch++) {
            Arms arms = Arms.of(new LinkedHashMap<>(Map.of("slow", allocation.get("slow"), "fast", allocation.get("fast"))));
            for (int i = 0; i < 50; i++) {
                String arm = arms.armFor(StableHash.bucket("t", "order-" + id));
                outcomes.get(arm).add(latency(arm, id++, lognormal(world, arm.equals("fast") ? 20 : 24), true));
            }
            Map<String, Integer> next = ThompsonAllocation.allocate(ARMS, tally(outcomes), ExperimentMetric.LATENCY, 1000, random);
            if (next != null) {
                allocation = next;
            }
        }
        assertTrue(allocation.get("fast") >= 8900, "after 1,000 orders the faster arm has nearly all but the floor: " + allocation);
        assertTrue(allocation.get("slow") >= 1000, "the floor: " + allocation);
        assertTrue(outcomes.get("slow").size() >= 100, "the slower arm kept getting orders: " + outcomes.get("slow").size());
    }

    @Test
    void equalArmsShareTheTraffic() {
        SplittableRandom world = new SplittableRandom(21);
        Map<String, List<Outcome>> outcomes = new HashMap<>();
        for (String arm : ARMS) {
            List<Outcome> list = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                list.add(latency(arm, i, 20, world.nextDouble() < 0.9));
            }
            outcomes.put(arm, list);
        }
        Map<String, Integer> allocation = ThompsonAllocation.allocate(ARMS, tally(outcomes), ExperimentMetric.FILL_RATE, 1000, new SplittableRandom(5)::nextLong);
        assertTrue(allocation.get("fast") > 1500 && allocation.get("fast") < 8500, "no arm is clearly better: " + allocation);
    }

    @Test
    void aHigherFillRateWinsOnFillRate() {
        Map<String, List<Outcome>> outcomes = new HashMap<>();
        for (String arm : ARMS) {
            List<Outcome> list = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                list.add(latency(arm, i, 20, i % 10 < (arm.equals("fast") ? 9 : 6)));
            }
            outcomes.put(arm, list);
        }
        Map<String, Integer> allocation = ThompsonAllocation.allocate(ARMS, tally(outcomes), ExperimentMetric.FILL_RATE, 500, new SplittableRandom(7)::nextLong);
        assertEquals(Map.of("slow", 500, "fast", 9500), allocation);
    }
}
