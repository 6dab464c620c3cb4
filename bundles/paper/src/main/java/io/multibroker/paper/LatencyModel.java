package io.multibroker.paper;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A log-normal distribution of order round-trip latency: right-skewed like real broker latency, with
 * a configured median and spread. Thread-safe.
 */
final class LatencyModel {

    private final double medianMillis;
    private final double sigma;
    private final SplittableRandom random;

    LatencyModel(double medianMillis, double sigma, long seed) {
        this.medianMillis = medianMillis;
        this.sigma = sigma;
        this.random = new SplittableRandom(seed);
    }

    Duration sample() {
        if (medianMillis <= 0) {
            return Duration.ZERO;
        }
        double z;
        synchronized (random) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            z = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
        }
        double millis = medianMillis * Math.exp(sigma * z);
        return Duration.ofNanos((long) (millis * 1_000_000));
    }
}
