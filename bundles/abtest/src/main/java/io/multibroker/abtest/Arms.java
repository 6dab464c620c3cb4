package io.multibroker.abtest;

import io.multibroker.api.config.ConfigurationViolation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment's arms (accounts) and their weights, in basis points that sum to exactly 10,000: each
 * arm owns a contiguous range of the 10,000 hash buckets. Weights are given in percent as decimals
 * ({@code paper-fast=50, paper-slow=50}, {@code a=33.34, b=33.33, c=33.33}) and checked exactly, never as floats.
 */
final class Arms {

    static final int TOTAL_BASIS_POINTS = StableHash.BUCKETS;

    private final Map<String, Integer> basisPoints;
    private final String[] bucketOwner;

    private Arms(Map<String, Integer> basisPoints) {
        // declaration order decides which buckets each arm owns: it must not depend on a hash order that
        // changes between JVMs (as Map.copyOf's does), or orders would change arms across restarts
        this.basisPoints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(basisPoints));
        this.bucketOwner = new String[TOTAL_BASIS_POINTS];
        int next = 0;
        for (Map.Entry<String, Integer> arm : basisPoints.entrySet()) {
            for (int i = 0; i < arm.getValue(); i++) {
                bucketOwner[next++] = arm.getKey();
            }
        }
    }

    /** Parses {@code account=percent} entries; every problem is named. */
    static Arms parse(List<String> entries, List<ConfigurationViolation> violations) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        int total = 0;
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                violations.add(new ConfigurationViolation("arms", entry, "each arm is account=weight-in-percent"));
                continue;
            }
            String account = entry.substring(0, equals).trim();
            String weight = entry.substring(equals + 1).trim();
            BigDecimal percent;
            try {
                percent = new BigDecimal(weight);
            } catch (NumberFormatException e) {
                violations.add(new ConfigurationViolation("arms", entry, "the weight must be a decimal percentage"));
                continue;
            }
            BigDecimal bp = percent.movePointRight(2).stripTrailingZeros();
            if (bp.scale() > 0) {
                violations.add(new ConfigurationViolation("arms", entry, "a weight has at most two decimals (whole basis points)"));
                continue;
            }
            if (percent.signum() < 0) {
                violations.add(new ConfigurationViolation("arms", entry, "a weight must not be negative"));
                continue;
            }
            if (weights.put(account, bp.intValueExact()) != null) {
                violations.add(new ConfigurationViolation("arms", entry, "account " + account + " is an arm twice"));
            }
            total += bp.intValueExact();
        }
        if (weights.size() < 2) {
            violations.add(new ConfigurationViolation("arms", String.join(",", entries), "an experiment needs at least two arms"));
        }
        if (total != TOTAL_BASIS_POINTS && violations.isEmpty()) {
            violations.add(new ConfigurationViolation("arms", String.join(",", entries), "the weights sum to "
                    + BigDecimal.valueOf(total).movePointLeft(2).toPlainString() + " %, not exactly 100 %"));
        }
        return violations.isEmpty() ? new Arms(weights) : null;
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
