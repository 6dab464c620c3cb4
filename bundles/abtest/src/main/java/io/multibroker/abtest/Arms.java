package io.multibroker.abtest;

import io.multibroker.api.config.ConfigurationViolation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment's arms (accounts) and their weights, in basis points that sum to exactly 10,000: each
 * arm owns a contiguous range of the 10,000 hash buckets. Weights are given in percent as decimals
 * ({@code paper-fast=50, paper-slow=50}, {@code a=33.34, b=33.33, c=33.33}) and checked exactly, never as floats.
 */
final class Arms {

    static final int TOTAL_BASIS_POINTS = StableHash.BUCKETS;
    private static final BigDecimal ONE_HUNDRED = BigDecimal.valueOf(100);

    private final Map<String, Integer> basisPoints;
    private final String[] bucketOwner;

    private Arms(Map<String, Integer> basisPoints) {
        // declaration order decides which buckets each arm owns: it must not depend on a hash order that
        // changes between JVMs (as Map.copyOf's does), or orders would change arms across restarts
        this.basisPoints = Collections.unmodifiableMap(new LinkedHashMap<>(basisPoints));
        this.bucketOwner = new String[TOTAL_BASIS_POINTS];
        int next = 0;
        for (Map.Entry<String, Integer> arm : basisPoints.entrySet()) {
            for (int i = 0; i < arm.getValue(); i++) {
                bucketOwner[next++] = arm.getKey();
            }
        }
    }

    /**
     * Parses {@code account=percent} entries; every problem is named with its arm, value and rule. Each weight is
     * checked on its own (at most 100 %, whole basis points) before any is summed, so that no sum can overflow
     * and no bad weight hides behind "at least two arms".
     */
    static Arms parse(List<String> entries, List<ConfigurationViolation> violations) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        long total = 0;
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                violations.add(new ConfigurationViolation("arms", entry, "each arm is account=weight-in-percent"));
                continue;
            }
            String account = entry.substring(0, equals).trim();
            String weight = entry.substring(equals + 1).trim();
            if (!named.add(account)) {
                violations.add(new ConfigurationViolation("arms", entry, "account " + account + " is an arm twice"));
                continue;
            }
            Integer basisPoints = basisPoints(account, weight, entry, violations);
            if (basisPoints != null) {
                weights.put(account, basisPoints);
                total += basisPoints;
            }
        }
        if (named.size() < 2) {
            violations.add(new ConfigurationViolation("arms", String.join(",", entries), "an experiment needs at least two arms"));
        }
        if (total != TOTAL_BASIS_POINTS && violations.isEmpty()) {
            violations.add(new ConfigurationViolation("arms", String.join(",", entries), "the weights sum to "
                    + BigDecimal.valueOf(total).movePointLeft(2).toPlainString() + " %, not exactly 100 %"));
        }
        return violations.isEmpty() ? new Arms(weights) : null;
    }

    /** One arm's weight in basis points, or null with the rule it breaks added to the violations. */
    private static Integer basisPoints(String account, String weight, String entry, List<ConfigurationViolation> violations) {
        String arm = "weight of arm " + account + ": " + weight;
        BigDecimal percent;
        try {
            percent = new BigDecimal(weight);
        } catch (NumberFormatException e) {
            violations.add(new ConfigurationViolation("arms", entry, arm + " is not a decimal percentage"));
            return null;
        }
        if (percent.signum() < 0) {
            violations.add(new ConfigurationViolation("arms", entry, arm + " is negative"));
            return null;
        }
        if (percent.compareTo(ONE_HUNDRED) > 0) {
            violations.add(new ConfigurationViolation("arms", entry, arm + " is above 100 %"));
            return null;
        }
        BigDecimal basisPoints = percent.movePointRight(2).stripTrailingZeros();
        if (basisPoints.scale() > 0) {
            violations.add(new ConfigurationViolation("arms", entry, arm + " has more than two decimals (weights are in basis points)"));
            return null;
        }
        // at most 10,000 and whole: exact
        return basisPoints.intValueExact();
    }

    /** Arms from basis points already known to be valid (the bandit's allocation). */
    static Arms of(Map<String, Integer> basisPoints) {
        if (basisPoints.values().stream().mapToInt(Integer::intValue).sum() != TOTAL_BASIS_POINTS) {
            throw new IllegalArgumentException("basis points do not sum to " + TOTAL_BASIS_POINTS + ": " + basisPoints);
        }
        return new Arms(basisPoints);
    }

    /** The weights as {@code account=percent} entries, in declared order. */
    static List<String> entries(Map<String, Integer> basisPoints) {
        List<String> entries = new ArrayList<>();
        basisPoints.forEach((account, bp) -> entries.add(account + "=" + BigDecimal.valueOf(bp).movePointLeft(2).stripTrailingZeros()
                .toPlainString()));
        return entries;
    }

    String armFor(int bucket) {
        return bucketOwner[bucket];
    }

    Map<String, Integer> basisPoints() {
        return basisPoints;
    }

    List<String> accounts() {
        return new ArrayList<>(basisPoints.keySet());
    }
}
