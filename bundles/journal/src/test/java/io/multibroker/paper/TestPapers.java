package io.multibroker.paper;

import java.time.Clock;
import java.time.Duration;

/** Paper accounts for tests outside the paper bundle: fast, and with the test hook that moves the market to an order. */
public final class TestPapers {

    private TestPapers() {
    }

    public static PaperBrokerAdapter create(String accountId) {
        PaperSettings settings = new PaperSettings();
        settings.accountId = accountId;
        settings.latencyMedianMillis = 1;
        settings.latencySigma = 0;
        settings.priceInterval = Duration.ofMillis(20);
        return new PaperBrokerAdapter(settings, Clock.systemUTC());
    }

    /** The market reaches the resting order now, at its price: the simulated broker fills it. */
    public static boolean touch(PaperBrokerAdapter paper, String brokerOrderId) {
        return paper.touch(brokerOrderId);
    }

    public static void close(PaperBrokerAdapter paper) {
        paper.close();
    }
}
