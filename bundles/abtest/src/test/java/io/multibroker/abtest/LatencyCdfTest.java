package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.routing.LatencyDistribution.CdfPoint;
import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyCdfTest {

    @Test
    void theDistributionRisesToAHundredPercentAtTheSlowestOrderAndPassesThroughTheMedian() {
        Histogram micros = new Histogram(3);
        // 1,000 orders of 1, 2, ..., 1,000 ms
        for (int ms = 1; ms <= 1_000; ms++) {
            micros.recordValue(ms * 1_000L);
        }
        List<CdfPoint> points = LatencyCdf.points(micros);
        for (int i = 1; i < points.size(); i++) {
            assertTrue(points.get(i).latencyMillis() > points.get(i - 1).latencyMillis(), "latency rises: " + points);
            assertTrue(points.get(i).percentile() >= points.get(i - 1).percentile(), "share rises: " + points);
        }
        CdfPoint last = points.get(points.size() - 1);
        assertEquals(100.0, last.percentile(), 1e-12);
        // three significant digits: the bucket of 1,000 ms ends within 0.1 % of it
        assertEquals(1_000.0, last.latencyMillis(), 1.0);
        CdfPoint median = points.stream().filter(p -> p.percentile() >= 50).findFirst().orElseThrow();
        assertEquals(50.0, median.percentile(), 0.2);
        assertEquals(500.0, median.latencyMillis(), 0.5);
        // every point is exact for a uniform distribution: the share within x ms is x / 10 %
        for (CdfPoint p : points) {
            assertEquals(p.latencyMillis() / 10, p.percentile(), 0.2, p.toString());
        }
    }

    @Test
    void aMillionOrdersGiveAFewHundredPointsAtMost() {
        Histogram micros = new Histogram(3);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            micros.recordValue(1_000 + (long) (-Math.log(1 - random.nextDouble()) * 20_000));
        }
        List<CdfPoint> points = LatencyCdf.points(micros);
        assertTrue(points.size() > 50 && points.size() < 400, points.size() + " points");
        // the tail is kept: the 99.9th percentile is between two points
        assertTrue(points.stream().anyMatch(p -> p.percentile() > 99.9 && p.percentile() < 100), "points in the tail");
    }

    @Test
    void anArmWithoutOrdersHasNoPointsAndOneLatencyIsOneStep() {
        assertEquals(List.of(), LatencyCdf.points(new Histogram(3)));
        Histogram one = new Histogram(3);
        for (int i = 0; i < 10; i++) {
            one.recordValue(8_000);
        }
        List<CdfPoint> points = LatencyCdf.points(one);
        assertEquals(1, points.size(), points.toString());
        assertEquals(100.0, points.get(0).percentile(), 1e-12);
        assertEquals(8.0, points.get(0).latencyMillis(), 0.01);
    }
}
