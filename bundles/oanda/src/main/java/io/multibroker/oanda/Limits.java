package io.multibroker.oanda;

import dev.failsafe.RateLimiter;
import java.time.Duration;

/** The client-side limits OANDA sets: REST requests per second, and new stream connections per second. */
final class Limits {

    private Limits() {
    }

    /**
     * REST requests: bursty in windows of about 100 ms rather than smooth. A smooth limiter spaces every request
     * 1/rate apart and so adds up to 10 ms to each one even far below the limit; windows of a tenth of the rate
     * cost nothing below it and let at most 1.1 times the rate through in any second (OANDA allows 120 a second).
     * The window is as long as its permits take at the rate (a tenth of the rate, at least one): a fixed 100 ms
     * with at least one permit let 10 a second through at a rate of 1, and 10 at a rate of 15.
     */
    static RateLimiter<Object> requests(int perSecond, Duration maxWait) {
        int permits = Math.max(1, perSecond / 10);
        Duration window = Duration.ofNanos(Duration.ofSeconds(1).toNanos() * permits / perSecond);
        return RateLimiter.burstyBuilder(permits, window).withMaxWaitTime(maxWait).build();
    }

    /** New price stream connections (OANDA allows 2 a second). */
    static RateLimiter<Object> newConnections(int perSecond) {
        return RateLimiter.burstyBuilder(perSecond, Duration.ofSeconds(1)).build();
    }
}
