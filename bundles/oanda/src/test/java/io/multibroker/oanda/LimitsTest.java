package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failsafe.RateLimiter;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limiters' own schedule, read from the waits they hand out when permits are reserved (no clock is
 * measured): over two seconds a limiter of R a second grants at least 2R permits and at most 2R plus one window.
 */
class LimitsTest {

    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    /** The permits a fresh limiter grants within two seconds (those whose reserved wait is under two seconds). */
    private static int grantedWithinTwoSeconds(RateLimiter<Object> limiter, int perSecond) {
        int granted = 0;
        for (int i = 0; i < 4 * perSecond + 4; i++) {
            if (limiter.reservePermit().compareTo(TWO_SECONDS) < 0) {
                granted++;
            }
        }
        return granted;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 7, 15, 25, 100, 120})
    void restRequestsPerSecondAreTheConfiguredRate(int perSecond) {
        int granted = grantedWithinTwoSeconds(Limits.requests(perSecond, Duration.ofSeconds(10)), perSecond);
        // one window of a tenth of the rate (at least one permit) may fall on the two seconds' end
        int window = Math.max(1, perSecond / 10);
        assertTrue(granted >= 2 * perSecond, perSecond + "/s: only " + granted + " permits in two seconds");
        assertTrue(granted <= 2 * perSecond + window, perSecond + "/s: " + granted + " permits in two seconds");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void newStreamConnectionsPerSecondAreTheConfiguredRate(int perSecond) {
        int granted = grantedWithinTwoSeconds(Limits.newConnections(perSecond), perSecond);
        assertTrue(granted >= 2 * perSecond, perSecond + "/s: only " + granted + " connections in two seconds");
        assertTrue(granted <= 3 * perSecond, perSecond + "/s: " + granted + " connections in two seconds");
    }
}
