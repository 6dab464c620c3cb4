package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationViolation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    @Test
    void fnv1aMatchesThePublishedTestVectors() {
        // from the FNV reference test suite (64-bit FNV-1a)
        assertEquals(0xcbf29ce484222325L, StableHash.fnv1a64(""));
        assertEquals(0xaf63dc4c8601ec8cL, StableHash.fnv1a64("a"));
        assertEquals(0x85944171f73967e8L, StableHash.fnv1a64("foobar"));
    }

    @Test
    void theSameOrderIdAlwaysLandsInTheSameBucketAndTheSaltSeparatesExperiments() {
        // fixed values: a change of the hash, the separator or the bucket count breaks them, and with them every running experiment
        assertEquals(StableHash.bucket("demo", "order-1"), StableHash.bucket("demo", "order-1"));
        // computed independently, with a separate Python FNV-1a over the same bytes
        assertEquals(List.of(3292, 7925, 4431), List.of(StableHash.bucket("demo", "order-1"), StableHash.bucket("demo", "order-2"),
                StableHash.bucket("other", "order-1")));
        assertTrue(StableHash.bucket("ab", "c") != StableHash.bucket("a", "bc"));
    }

    @Test
    void armsOwnContiguousBucketRangesInTheOrderTheyAreDeclared() {
        Arms arms = Arms.parse(List.of("zeta=25", "alpha=25", "mid=50"), new ArrayList<>());
        assertEquals("zeta", arms.armFor(0));
        assertEquals("zeta", arms.armFor(2499));
        assertEquals("alpha", arms.armFor(2500));
        assertEquals("mid", arms.armFor(5000));
        assertEquals("mid", arms.armFor(9999));
        assertEquals(List.of("zeta", "alpha", "mid"), arms.accounts());
        // with the fixed bucket of ("demo", "order-1") = 3292, that order is in the second arm, on every JVM
        assertEquals("alpha", arms.armFor(StableHash.bucket("demo", "order-1")));
    }

    @Test
    void theObservedSplitMatchesTheWeightsOver100000Ids() {
        List<ConfigurationViolation> violations = new ArrayList<>();
        Arms arms = Arms.parse(List.of("a=70", "b=20", "c=10"), violations);
        assertNotNull(arms, violations.toString());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            counts.merge(arms.armFor(StableHash.bucket("split", "client-" + i)), 1, Integer::sum);
        }
        // binomial standard deviation at n=100,000 is at most 158: allow 5 of them
        assertEquals(70_000, counts.get("a"), 800);
        assertEquals(20_000, counts.get("b"), 800);
        assertEquals(10_000, counts.get("c"), 800);
    }

    @Test
    void weightsMustSumToExactlyOneHundredPercentInBasisPoints() {
        assertNotNull(Arms.parse(List.of("a=33.34", "b=33.33", "c=33.33"), new ArrayList<>()));
        assertEquals(Map.of("a", 3334, "b", 3333, "c", 3333), Arms.parse(List.of("a=33.34", "b=33.33", "c=33.33"), new ArrayList<>()).basisPoints());
        assertProblem(List.of("a=33.33", "b=33.33", "c=33.33"), "the weights sum to 99.99 %, not exactly 100 %");
        assertProblem(List.of("a=33.333", "b=66.667"), "has more than two decimals");
        assertProblem(List.of("a=100"), "at least two arms");
        assertProblem(List.of("a=50", "a=50"), "is an arm twice");
        assertProblem(List.of("a=fifty", "b=50"), "decimal percentage");
        assertProblem(List.of("a50", "b=50"), "account=weight");
    }

    private static void assertProblem(List<String> arms, String expected) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        assertNull(Arms.parse(arms, violations));
        assertTrue(violations.stream().anyMatch(v -> v.rule().contains(expected)), violations.toString());
    }

    /** The bucket is hashed piece by piece without building strings; it must equal the hash of the joined UTF-8 bytes. */
    @Test
    void piecewiseHashingEqualsHashingTheJoinedBytes() {
        SplittableRandom random = new SplittableRandom(5);
        String[] alphabet = {"a", "Z", "0", "-", "\u00e9", "\u20ac", "\ud83d\ude00", "\ud800", "\udfff", "_", "\u07ff", "\u0800"};
        for (int i = 0; i < 2000; i++) {
            StringBuilder salt = new StringBuilder();
            StringBuilder id = new StringBuilder();
            for (int k = random.nextInt(8); k > 0; k--) {
                salt.append(alphabet[random.nextInt(alphabet.length)]);
            }
            for (int k = random.nextInt(20); k > 0; k--) {
                id.append(alphabet[random.nextInt(alphabet.length)]);
            }
            long reference = 0xcbf29ce484222325L;
            for (byte b : (salt + "\u0000" + id).getBytes(StandardCharsets.UTF_8)) {
                reference = (reference ^ (b & 0xff)) * 0x100000001b3L;
            }
            assertEquals((int) Long.remainderUnsigned(reference, StableHash.BUCKETS), StableHash.bucket(salt.toString(), id.toString()),
                    salt + " / " + id);
        }
    }
}
