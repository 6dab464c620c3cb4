package io.multibroker.risk;

/**
 * An exact sliding-window count of orders: the times of the last {@code max} orders in a ring. An order fits when
 * fewer than {@code max} orders were taken in the window before it, that is when the oldest of the last {@code max}
 * is at least a window old. No allocation; the caller synchronises.
 */
final class RateWindow {

    private final long windowNanos;
    private final long[] times;
    private int oldest;
    private int used;

    RateWindow(long windowNanos, int max) {
        this.windowNanos = windowNanos;
        this.times = new long[max];
    }

    /** A window of the new size that keeps the latest times of this one, so that a limit changed live counts what went before. */
    RateWindow resized(int max) {
        RateWindow resized = new RateWindow(windowNanos, max);
        int keep = Math.min(used, max);
        for (int i = used - keep; i < used; i++) {
            resized.take(times[(oldest + i) % times.length]);
        }
        return resized;
    }

    int max() {
        return times.length;
    }

    boolean fits(long now) {
        return used < times.length || now - times[oldest] >= windowNanos;
    }

    void take(long now) {
        if (used < times.length) {
            times[(oldest + used) % times.length] = now;
            used++;
        } else {
            times[oldest] = now;
            oldest = (oldest + 1) % times.length;
        }
    }

    /** Orders taken in the window that ends now. */
    int count(long now) {
        int count = 0;
        for (int i = 0; i < used; i++) {
            if (now - times[(oldest + i) % times.length] < windowNanos) {
                count++;
            }
        }
        return count;
    }
}
