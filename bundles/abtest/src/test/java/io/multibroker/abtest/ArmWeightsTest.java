package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.multibroker.api.config.ConfigurationViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad weight is refused with a message that names the arm, the value and the rule, and nothing overflows. */
class ArmWeightsTest {

    @Test
    void aWeightFarAboveOneHundredPercentIsNamed() {
        assertRules(List.of("paper-fast=1e20", "paper-slow=50"), "weight of arm paper-fast: 1e20 is above 100 %");
    }

    @Test
    void weightsWhoseIntSumWrapsToExactlyOneHundredPercentAreRefusedOneByOne() {
        // 2,147,483,647 + 2,147,483,647 + 10,002 basis points wrap an int sum to exactly 10,000
        assertRules(List.of("a=21474836.47", "b=21474836.47", "c=100.02"),
                "weight of arm a: 21474836.47 is above 100 %",
                "weight of arm b: 21474836.47 is above 100 %",
                "weight of arm c: 100.02 is above 100 %");
    }

    @Test
    void weightsFinerThanABasisPointAreNamedNotCountedAsMissingArms() {
        assertRules(List.of("paper-fast=50.001", "paper-slow=49.999"),
                "weight of arm paper-fast: 50.001 has more than two decimals (weights are in basis points)",
                "weight of arm paper-slow: 49.999 has more than two decimals (weights are in basis points)");
    }

    @Test
    void aNegativeWeightIsNamedAndSoIsItsPartnerAboveOneHundredPercent() {
        assertRules(List.of("a=150", "x=-50"), "weight of arm a: 150 is above 100 %", "weight of arm x: -50 is negative");
    }

    @Test
    void theLimitsThemselvesAreValid() {
        List<ConfigurationViolation> violations = new ArrayList<>();
        Arms arms = Arms.parse(List.of("a=100", "b=0", "c=0.00"), violations);
        assertNotNull(arms, violations.toString());
        assertEquals(Map.of("a", 10_000, "b", 0, "c", 0), arms.basisPoints());
        assertEquals("a", arms.armFor(9_999));
    }

    private static void assertRules(List<String> entries, String... expected) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        assertNull(Arms.parse(entries, violations));
        assertEquals(List.of(expected), violations.stream().map(ConfigurationViolation::rule).toList());
    }
}
