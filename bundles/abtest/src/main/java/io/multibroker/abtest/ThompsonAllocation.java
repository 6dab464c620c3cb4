package io.multibroker.abtest;

import io.multibroker.api.routing.ExperimentMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Statistic;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Batched Thompson sampling: each arm's share of the next orders is the posterior probability that it is
 * the best arm on the primary metric, estimated by drawing from every arm's posterior, then held above a
 * floor so that every arm keeps some traffic (and the comparison keeps data from every arm).
 *
 * <p>Posteriors: for fill and reject rates a Beta(1 + successes, 1 + failures); for latency and slippage the
 * mean's posterior under a flat prior, a Student t with n - 1 degrees of freedom around the sample mean
 * scaled by the standard error. The allocation is recomputed from the outcomes' running tally every few seconds
 * by {@link ExperimentSupervisor}; between updates orders are assigned by the stable hash against it.
 */
final class ThompsonAllocation {

    /** Outcomes every arm needs before the bandit moves away from the configured weights. */
    static final int WARM_UP_PER_ARM = 10;
    static final int DRAWS = 4_000;

    private ThompsonAllocation() {
    }

    /**
     * The arms' shares in basis points summing to exactly 10,000, or null while an arm has fewer than
     * {@link #WARM_UP_PER_ARM} outcomes on the metric (the configured weights then stay).
     */
    static Map<String, Integer> allocate(List<String> arms, OutcomeTally outcomes, ExperimentMetric metric, int floorBasisPoints,
            UniformRandomProvider random) {
        ContinuousDistribution.Sampler[] samplers = new ContinuousDistribution.Sampler[arms.size()];
        for (int i = 0; i < arms.size(); i++) {
            OutcomeTally.ArmTally arm = outcomes.arm(arms.get(i));
            samplers[i] = arm == null ? null : posterior(arm.now(), metric, random);
            if (samplers[i] == null) {
                return null;
            }
        }
        boolean higherIsBetter = metric.higherIsBetter();
        int[] wins = new int[arms.size()];
        for (int draw = 0; draw < DRAWS; draw++) {
            int best = 0;
            double bestValue = Double.NaN;
            for (int i = 0; i < samplers.length; i++) {
                double value = samplers[i].sample();
                if (i == 0 || (higherIsBetter ? value > bestValue : value < bestValue)) {
                    best = i;
                    bestValue = value;
                }
            }
            wins[best]++;
        }
        return withFloor(arms, wins, floorBasisPoints);
    }

    /** Each arm gets the floor, and the rest in proportion to its wins; the largest remainders round. */
    static Map<String, Integer> withFloor(List<String> arms, int[] wins, int floorBasisPoints) {
        int floor = Math.min(floorBasisPoints, Arms.TOTAL_BASIS_POINTS / arms.size());
        int rest = Arms.TOTAL_BASIS_POINTS - floor * arms.size();
        long totalWins = 0;
        for (int w : wins) {
            totalWins += w;
        }
        int[] shares = new int[arms.size()];
        double[] remainders = new double[arms.size()];
        int given = 0;
        for (int i = 0; i < arms.size(); i++) {
            double exact = totalWins == 0 ? (double) rest / arms.size() : (double) rest * wins[i] / totalWins;
            shares[i] = floor + (int) Math.floor(exact);
            remainders[i] = exact - Math.floor(exact);
            given += shares[i];
        }
        while (given < Arms.TOTAL_BASIS_POINTS) {
            int largest = 0;
            for (int i = 1; i < arms.size(); i++) {
                if (remainders[i] > remainders[largest]) {
                    largest = i;
                }
            }
            shares[largest]++;
            remainders[largest] = -1;
            given++;
        }
        Map<String, Integer> allocation = new LinkedHashMap<>();
        for (int i = 0; i < arms.size(); i++) {
            allocation.put(arms.get(i), shares[i]);
        }
        return allocation;
    }

    private static ContinuousDistribution.Sampler posterior(OutcomeTally.Figures figures, ExperimentMetric metric, UniformRandomProvider random) {
        switch (metric) {
            case FILL_RATE:
            case REJECT_RATE: {
                if (figures.orders() < WARM_UP_PER_ARM) {
                    return null;
                }
                long hits = metric == ExperimentMetric.FILL_RATE ? figures.filled() : figures.rejected();
                return BetaDistribution.of(1 + hits, 1 + figures.orders() - hits).createSampler(random);
            }
            default: {
                DoubleStatistics values = metric == ExperimentMetric.SLIPPAGE ? figures.slippagePips() : figures.latencyMillis();
                long n = values.getCount();
                if (n < WARM_UP_PER_ARM) {
                    return null;
                }
                double mean = values.getAsDouble(Statistic.MEAN);
                double standardError = Math.sqrt(values.getAsDouble(Statistic.VARIANCE) / n);
                ContinuousDistribution.Sampler t = TDistribution.of(n - 1).createSampler(random);
                return () -> mean + standardError * t.sample();
            }
        }
    }
}
