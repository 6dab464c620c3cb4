package io.multibroker.abtest.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (double shift : new double[] {1.0, 1.02, 1.3}) {
            org.HdrHistogram.Histogram a = new org.HdrHistogram.Histogram(3);
            org.HdrHistogram.Histogram b = new org.HdrHistogram.Histogram(3);
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
        org.HdrHistogram.Histogram same = new org.HdrHistogram.Histogram(3);
        same.recordValueWithCount(5_000, 10);
        assertEquals(1.0, Tests.mannWhitney(same, same.copy(), 1_000).pValue(), 1e-12, "all values tied: no evidence");
    }

    @Test
    void twoProportionsMatchesThePooledZTest() {
        // z from the pooled proportion, p = 2 * norm.sf(|z|), Wald interval with norm.isf(0.025)
        Comparison c = Tests.twoProportions(480, 1000, 430, 1000, 0.05);
        assertEquals(2.245179442473167, c.statistic(), 1e-9);
        assertEquals(0.024756615273979685, c.pValue(), 1e-9);
        assertEquals(0.0064067702665037, c.lower(), 1e-9);
        assertEquals(0.09359322973349628, c.upper(), 1e-9);
    }

    @Test
    void holmAdjustsStepDownInTheOriginalOrder() {
        // sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 -> monotone 0.02, 0.03, 0.06, 0.06
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Tests.holm(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.0}, Tests.holm(new double[] {0.6, 0.9}), 1e-12);
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
