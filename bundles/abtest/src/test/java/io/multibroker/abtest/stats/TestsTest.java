package io.multibroker.abtest.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.ContinuityCorrection;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;
import org.junit.jupiter.api.Test;

/** Each test against values computed independently with SciPy 1.17.1 (scipy.stats), written in here. */
class TestsTest {

    @Test
    void welchMatchesScipyTtestIndFromStats() {
        // ttest_ind_from_stats(12.3, 4.1, 40, 9.8, 2.2, 35, equal_var=False); interval from t.isf(0.025, Welch df)
        Comparison c = Tests.welch(12.3, 4.1 * 4.1, 40, 9.8, 2.2 * 2.2, 35, 0.05);
        assertEquals(3.3451418181431403, c.statistic(), 1e-9);
        assertEquals(0.0014078829453385692, c.pValue(), 1e-9);
        assertEquals(2.5, c.difference(), 1e-12);
        assertEquals(1.0057136539531104, c.lower(), 1e-7);
        assertEquals(3.9942863460468896, c.upper(), 1e-7);
    }

    @Test
    void mannWhitneyMatchesScipyAsymptoticWithContinuity() {
        // mannwhitneyu(a, b, alternative='two-sided', method='asymptotic', use_continuity=True)
        double[] a = {1.1, 2.3, 3.3, 4.0, 5.2, 6.8, 7.1};
        double[] b = {2.0, 3.9, 5.5, 6.0, 8.2, 9.1, 9.5, 10.4};
        Comparison c = Tests.mannWhitney(a, b);
        assertEquals(14.0, c.statistic(), 1e-12);
        assertEquals(0.1182122887796562, c.pValue(), 1e-9);
        assertEquals(4.0 - 7.1, c.difference(), 1e-12);
    }

    /**
     * The histogram form gives, for large samples with many ties, what Commons Statistics gives for the same
     * values as arrays: each latency replaced by its bucket's value, as the histogram holds it.
     */
    @Test
    void mannWhitneyOfHistogramsMatchesTheArrayTestOnTheSameValues() {
        SplittableRandom random = new SplittableRandom(5);
        for (double shift : new double[] {1.0, 1.02, 1.3}) {
            Histogram a = new Histogram(3);
            Histogram b = new Histogram(3);
            double[] valuesA = new double[3_000];
            double[] valuesB = new double[2_000];
            for (int i = 0; i < valuesA.length; i++) {
                long micros = (long) (8_000 * shift * Math.exp(0.4 * random.nextGaussian()));
                a.recordValue(micros);
                valuesA[i] = a.highestEquivalentValue(micros);
            }
            for (int i = 0; i < valuesB.length; i++) {
                // coarse values: many ties within and across the samples
                long micros = 100 * Math.round(80 * Math.exp(0.4 * random.nextGaussian()));
                b.recordValue(micros);
                valuesB[i] = b.highestEquivalentValue(micros);
            }
            Comparison fromArrays = Tests.mannWhitney(valuesA, valuesB);
            Comparison fromHistograms = Tests.mannWhitney(a, b, 1_000);
            assertEquals(fromArrays.statistic(), fromHistograms.statistic(), 1e-6, "U at shift " + shift);
            assertEquals(fromArrays.pValue(), fromHistograms.pValue(), 1e-9 + 1e-9 * fromArrays.pValue(), "p at shift " + shift);
        }
        Histogram same = new Histogram(3);
        same.recordValueWithCount(5_000, 10);
        assertEquals(1.0, Tests.mannWhitney(same, same.copy(), 1_000).pValue(), 1e-12, "all values tied: no evidence");
    }

    /** Two arms that never vary: Commons Statistics cannot bracket the interval of an undefined t, the answer is certain. */
    @Test
    void welchOfTwoConstantArmsIsCertain() {
        Comparison same = Tests.welch(0, 0, 10, 0, 0, 12, 0.05);
        assertEquals(1.0, same.pValue(), 0, "equal constants: no difference");
        assertEquals(0.0, same.difference(), 0);
        assertEquals(0.0, same.lower(), 0);
        assertEquals(0.0, same.upper(), 0);
        Comparison apart = Tests.welch(1.5, 0, 10, 0.5, 0, 12, 0.05);
        assertEquals(0.0, apart.pValue(), 0, "different constants: the difference is certain");
        assertEquals(1.0, apart.difference(), 0);
        assertEquals(1.0, apart.lower(), 0);
        assertEquals(1.0, apart.upper(), 0);
    }

    /** One constant arm against a varying one is an ordinary Welch test: df = n - 1 of the varying arm. */
    @Test
    void welchWithOneConstantArmMatchesScipy() {
        // ttest_ind_from_stats(3.0, 0.0, 10, 2.0, 1.0, 9, equal_var=False): t = 3.0, df = 8
        Comparison c = Tests.welch(3.0, 0.0, 10, 2.0, 1.0, 9, 0.05);
        assertEquals(3.0, c.statistic(), 1e-12);
        assertEquals(TDistribution.of(8).survivalProbability(3.0) * 2, c.pValue(), 1e-12);
    }

    /**
     * Arm A's values all below arm B's, then all above: each value counts once, so U is 0 or n1 n2. Arm A's highest
     * value, 65,535, lies in the last bucket of its histogram (which covers values up to 2^16 until it resizes): the
     * histogram test read that bucket's count again for each of B's values above it and gave U = 5 for the low arm
     * first. Reference: SciPy 1.17.1, {@code mannwhitneyu(low, high, method='asymptotic')} (use_continuity=True,
     * two-sided) gives U = 0.0, p = 0.019964453305216043, and {@code mannwhitneyu(high, low, ...)} U = 20.0 with the
     * same p; method='exact' gives p = 0.015873015873015872 (2 / C(9, 4)), the normal approximation's error here.
     */
    @Test
    void mannWhitneyOfHistogramsCountsEachValueOnceWhenTheRangesAreDisjoint() {
        long[] low = {60_000, 62_000, 64_000, 65_535};
        long[] high = {150_000, 200_000, 300_000, 400_000, 500_000};
        Comparison lowFirst = assertHistogramTestMatchesArrays(low, high);
        assertEquals(0.0, lowFirst.statistic(), 0);
        assertEquals(0.019964453305216043, lowFirst.pValue(), 1e-12);
        Comparison highFirst = assertHistogramTestMatchesArrays(high, low);
        assertEquals(20.0, highFirst.statistic(), 0);
        assertEquals(0.019964453305216043, highFirst.pValue(), 1e-12);
    }

    /**
     * The example in SciPy's documentation of {@code scipy.stats.mannwhitneyu}: males = [19, 22, 16, 29, 24], females =
     * [20, 11, 17, 12]; {@code mannwhitneyu(males, females, method="asymptotic")} gives U1 = 17.0 and p =
     * 0.11134688653314041 (exact: p = 0.1111111111111111), the same p with U = 3.0 in the other order (recomputed with
     * SciPy 1.17.1). As latencies in microseconds the values are scaled by 3,276, which keeps their order, hence U and
     * p: the females' highest, 65,520, lies in the last bucket of its histogram, with three males' values above it.
     */
    @Test
    void mannWhitneyOfHistogramsMatchesScipysDocumentedExample() {
        long[] males = scaled(3_276, 19, 22, 16, 29, 24);
        long[] females = scaled(3_276, 20, 11, 17, 12);
        Comparison femalesFirst = assertHistogramTestMatchesArrays(females, males);
        assertEquals(3.0, femalesFirst.statistic(), 0);
        assertEquals(0.11134688653314041, femalesFirst.pValue(), 1e-12);
        Comparison malesFirst = assertHistogramTestMatchesArrays(males, females);
        assertEquals(17.0, malesFirst.statistic(), 0);
        assertEquals(0.11134688653314041, malesFirst.pValue(), 1e-12);
    }

    private static long[] scaled(long factor, long... values) {
        return Arrays.stream(values).map(v -> v * factor).toArray();
    }

    /** Small random samples over ranges that overlap, touch or lie apart, in both orders: U never exceeds n1 n2. */
    @Test
    void mannWhitneyOfHistogramsStaysWithinItsRangeOverRandomSamples() {
        SplittableRandom random = new SplittableRandom(12);
        for (int round = 0; round < 500; round++) {
            long[] a = sample(random, 1 + random.nextInt(30), 1 + random.nextInt(100_000), 1 + random.nextInt(100_000));
            long[] b = sample(random, 1 + random.nextInt(30), 1 + random.nextInt(100_000), 1 + random.nextInt(100_000));
            // U within [0, n1 n2] is checked with the rest for every pair
            assertHistogramTestMatchesArrays(a, b);
        }
    }

    private static long[] sample(SplittableRandom random, int n, long from, long width) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = from + random.nextLong(width);
        }
        return values;
    }

    private static Comparison assertHistogramTestMatchesArrays(long[] a, long[] b) {
        Histogram histogramA = new Histogram(3);
        Histogram histogramB = new Histogram(3);
        double[] valuesA = new double[a.length];
        double[] valuesB = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            histogramA.recordValue(a[i]);
            valuesA[i] = histogramA.highestEquivalentValue(a[i]);
        }
        for (int i = 0; i < b.length; i++) {
            histogramB.recordValue(b[i]);
            valuesB[i] = histogramB.highestEquivalentValue(b[i]);
        }
        MannWhitneyUTest.Result reference = MannWhitneyUTest.withDefaults().with(PValueMethod.ASYMPTOTIC)
                .with(ContinuityCorrection.ENABLED).test(valuesA, valuesB);
        Comparison c = Tests.mannWhitney(histogramA, histogramB, 1_000);
        assertTrue(c.statistic() >= 0 && c.statistic() <= (double) a.length * b.length,
                () -> "U = " + c.statistic() + " outside [0, n1 n2] for " + Arrays.toString(a) + " vs " + Arrays.toString(b));
        assertEquals(reference.getStatistic(), c.statistic(), 1e-9, () -> "U of " + Arrays.toString(a) + " vs " + Arrays.toString(b));
        assertEquals(reference.getPValue(), c.pValue(), 1e-12 + 1e-9 * reference.getPValue(),
                () -> "p of " + Arrays.toString(a) + " vs " + Arrays.toString(b));
        return c;
    }

    @Test
    void twoProportionsMatchesThePooledZTestAndMeesInterval() {
        // z from the pooled proportion, p = 2 * norm.sf(|z|)
        Comparison c = Tests.twoProportions(480, 1000, 430, 1000, 0.05);
        assertEquals(2.245179442473167, c.statistic(), 1e-9);
        assertEquals(0.024756615273979685, c.pValue(), 1e-9);
        // the score interval: Newcombe (1998, Statistics in Medicine 17:873) gives Mee's for 56/70 - 48/80 as 0.0533 to
        // 0.3377, and for 9/10 - 3/10 as 0.1821 to 0.8370
        Comparison newcombeA = Tests.twoProportions(56, 70, 48, 80, 0.05);
        assertEquals(0.0533, newcombeA.lower(), 5e-5);
        assertEquals(0.3377, newcombeA.upper(), 5e-5);
        Comparison newcombeC = Tests.twoProportions(9, 10, 3, 10, 0.05);
        assertEquals(0.1821, newcombeC.lower(), 5e-5);
        assertEquals(0.8370, newcombeC.upper(), 5e-5);
        // at the bounds of what can be observed the interval stays within [-1, 1] and holds the estimate
        Comparison all = Tests.twoProportions(10, 10, 0, 20, 0.05);
        assertEquals(1.0, all.upper(), 0);
        assertTrue(all.lower() > 0.7 && all.lower() < 1, String.valueOf(all.lower()));
        Comparison none = Tests.twoProportions(0, 10, 0, 20, 0.05);
        assertTrue(none.lower() < 0 && none.upper() > 0 && none.pValue() == 1);
    }

    /**
     * The report shows the test's p beside the interval: they must agree. With the Wald interval a fill rate of 96.8 %
     * against 100 % read p = 0.0094 beside an interval holding 0; the score interval holds 0 exactly when p >= alpha.
     */
    @Test
    void twoProportionsIntervalHoldsZeroExactlyWhenTheTestDoesNotReject() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            int nA = random.nextInt(1, 400);
            int nB = random.nextInt(1, 400);
            int sA = successes(random, nA);
            int sB = successes(random, nB);
            Comparison c = Tests.twoProportions(sA, nA, sB, nB, 0.05);
            boolean rejects = c.pValue() < 0.05;
            boolean excludesZero = c.lower() > 0 || c.upper() < 0;
            if (Math.abs(c.pValue() - 0.05) > 1e-9) {
                assertEquals(rejects, excludesZero, sA + "/" + nA + " - " + sB + "/" + nB + ": p " + c.pValue() + ", interval "
                        + c.lower() + " to " + c.upper());
            }
            assertTrue(c.lower() <= c.difference() + 1e-12 && c.difference() <= c.upper() + 1e-12, "the interval holds the estimate");
        }
    }

    /** Successes of n: any count half the time, else within two of none or all (fill and reject rates live there). */
    private static int successes(SplittableRandom random, int n) {
        if (random.nextBoolean()) {
            return random.nextInt(0, n + 1);
        }
        int nearEdge = random.nextInt(0, Math.min(2, n) + 1);
        return random.nextBoolean() ? nearEdge : n - nearEdge;
    }

    @Test
    void holmAdjustsStepDownInTheOriginalOrder() {
        // sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 -> monotone 0.02, 0.03, 0.06, 0.06
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Tests.holm(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Tests.holm(new double[] {0.6, 0.9}), 1e-12);
    }

    /** A 0 % arm (a loser after promotion) is left out of the check; an order that reached one is a mismatch by itself. */
    @Test
    void sampleRatioMismatchLeavesZeroShareArmsOutAndFlagsOrdersThatReachedThem() {
        // chisquare([5200, 4800], f_exp=[5000, 5000]): chi2 = 16, p = 2 * norm.sf(4)
        double p = Tests.sampleRatioMismatch(new long[] {5200, 4800, 0}, new double[] {0.5, 0.5, 0});
        assertEquals(6.334248366623996e-05, p, 1e-15);
        assertTrue(p < Tests.SRM_THRESHOLD);
        assertEquals(1.0, Tests.sampleRatioMismatch(new long[] {0, 5000, 5000}, new double[] {0, 0.5, 0.5}), 1e-12);
        assertEquals(0.0, Tests.sampleRatioMismatch(new long[] {5000, 5000, 3}, new double[] {0.5, 0.5, 0}), 0,
                "orders on a 0 % arm cannot come from the configured split");
        assertEquals(1.0, Tests.sampleRatioMismatch(new long[] {0, 0, 0}, new double[] {0.5, 0.5, 0}), 0, "no orders, no evidence");
    }

    @Test
    void sampleRatioMismatchMatchesScipyChisquare() {
        // chisquare([5100, 4900], f_exp=[5000, 5000]) and chisquare([5300, 4700], ...)
        double fine = Tests.sampleRatioMismatch(new long[] {5100, 4900}, new double[] {0.5, 0.5});
        double broken = Tests.sampleRatioMismatch(new long[] {5300, 4700}, new double[] {0.5, 0.5});
        assertEquals(0.04550026389635857, fine, 1e-9);
        assertEquals(1.9731752900753933e-09, broken, 1e-12);
        assertTrue(fine >= Tests.SRM_THRESHOLD, "a 51/49 split of 10,000 is no mismatch at p < 0.001");
        assertTrue(broken < Tests.SRM_THRESHOLD, "a 53/47 split of 10,000 is");
    }
}
