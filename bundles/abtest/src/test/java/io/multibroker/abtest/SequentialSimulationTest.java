package io.multibroker.abtest.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The sequential rule proven by simulation, seeded so that every run sees the same numbers: looking at
 * an A/A experiment after every batch does not inflate false positives (while naive peeking does), and
 * a real latency difference is found within the sample size the power calculation predicts.
 */
class SequentialSimulationTest {

    private static final double ALPHA = 0.05;
    private static final int LOOKS = 10;

    /** Running mean and variance (Welford), as the outcome store will keep them per arm. */
    private static final class Summary {
        long n;
        double mean;
        double m2;

        void add(double x) {
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        double variance() {
            return m2 / (n - 1);
        }
    }

    /** A log-normal latency in ms, the shape of the paper broker's latency model. */
    private static double latency(SplittableRandom random, double medianMillis, double sigma) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return medianMillis * Math.exp(sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
    }

    /** Runs one experiment with LOOKS looks of `batch` orders per arm; returns {sequential verdict, naive verdict}. */
    private static boolean[] run(SplittableRandom random, double medianA, double medianB, double sigma, int batch) {
        Summary a = new Summary();
        Summary b = new Summary();
        AlphaSpending spending = new AlphaSpending(ALPHA);
        boolean sequential = false;
        boolean naive = false;
        for (int look = 1; look <= LOOKS; look++) {
            for (int i = 0; i < batch; i++) {
                a.add(latency(random, medianA, sigma));
                b.add(latency(random, medianB, sigma));
            }
            double p = Tests.welch(a.mean, a.variance(), a.n, b.mean, b.variance(), b.n, ALPHA).pValue();
            double level = spending.levelForLook((double) look / LOOKS);
            sequential |= p < level;
            naive |= p < ALPHA;
        }
        return new boolean[] {sequential, naive};
    }

    @Test
    void lookingAfterEveryBatchOfAnAaExperimentStaysAtOrBelowTheSignificanceLevel() {
        SplittableRandom random = new SplittableRandom(20261124);
        int experiments = 1000;
        int sequential = 0;
        int naive = 0;
        for (int e = 0; e < experiments; e++) {
            boolean[] verdict = run(random, 20, 20, 0.5, 50);
            sequential += verdict[0] ? 1 : 0;
            naive += verdict[1] ? 1 : 0;
        }
        double sequentialRate = (double) sequential / experiments;
        double naiveRate = (double) naive / experiments;
        assertTrue(sequentialRate <= ALPHA, "A/A false positive rate with alpha spending: " + sequentialRate);
        // what the rule prevents: testing at alpha on every look finds a "difference" far more often
        assertTrue(naiveRate > 2 * ALPHA, "A/A false positive rate when peeking naively: " + naiveRate);
    }

    @Test
    void aKnownLatencyDifferenceIsFoundWithinThePredictedSampleSize() {
        double sigma = 0.4;
        double medianA = 20;
        double medianB = 22;
        // the power calculation, for 80 % power at the level the last look tests at (the most conservative one)
        AlphaSpending plan = new AlphaSpending(ALPHA);
        double lastLook = plan.cumulative(1) - plan.cumulative((LOOKS - 1.0) / LOOKS);
        double meanA = medianA * Math.exp(sigma * sigma / 2);
        double meanB = medianB * Math.exp(sigma * sigma / 2);
        double spread = Math.exp(sigma * sigma) - 1;
        double variances = spread * (meanA * meanA + meanB * meanB);
        NormalDistribution normal = NormalDistribution.of(0, 1);
        double z = normal.inverseSurvivalProbability(lastLook / 2) + normal.inverseSurvivalProbability(0.2);
        int perArm = (int) Math.ceil(z * z * variances / ((meanB - meanA) * (meanB - meanA)));
        assertTrue(perArm > 100 && perArm < 2000, "predicted sample per arm " + perArm);

        SplittableRandom random = new SplittableRandom(7);
        int experiments = 300;
        int found = 0;
        for (int e = 0; e < experiments; e++) {
            found += run(random, medianA, medianB, sigma, (perArm + LOOKS - 1) / LOOKS)[0] ? 1 : 0;
        }
        double power = (double) found / experiments;
        assertTrue(power >= 0.8, "found in " + power + " of experiments of " + perArm + " orders per arm");
    }
}
