package io.multibroker.abtest;

import io.multibroker.api.routing.LatencyDistribution.CdfPoint;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * An arm's latency histogram as points of its cumulative distribution. HdrHistogram's percentile iteration places the
 * points closer together towards the tail (ten per halving of the distance to 100 %), so the number of points grows
 * with the logarithm of the orders (about 200 for a million) while the tail, where brokers differ, stays sharp.
 */
final class LatencyCdf {

    static final int TICKS_PER_HALF_DISTANCE = 10;

    private LatencyCdf() {
    }

    /** The cumulative distribution of a histogram of microseconds: latency in ms, share of orders within it in %. */
    static List<CdfPoint> points(Histogram latencyMicros) {
        long total = latencyMicros.getTotalCount();
        List<CdfPoint> points = new ArrayList<>();
        if (total == 0) {
            return points;
        }
        for (HistogramIterationValue value : latencyMicros.percentiles(TICKS_PER_HALF_DISTANCE)) {
            // the upper end of the value's bucket: every order counted so far was answered within it
            double millis = latencyMicros.highestEquivalentValue(value.getValueIteratedTo()) / 1_000.0;
            double percentile = 100.0 * value.getTotalCountToThisValue() / total;
            CdfPoint point = new CdfPoint(millis, percentile);
            if (!points.isEmpty() && points.get(points.size() - 1).latencyMillis() == millis) {
                // several percentile ticks inside one bucket: one point with its full share
                points.set(points.size() - 1, point);
            } else {
                points.add(point);
            }
        }
        return points;
    }
}
