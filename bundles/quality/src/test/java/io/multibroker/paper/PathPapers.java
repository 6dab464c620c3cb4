package io.multibroker.paper;

import java.time.Clock;
import java.time.Duration;

/** Paper accounts on a fixed price path and a clock of the test's, for tests outside the paper bundle. */
public final class PathPapers {

    private PathPapers() {
    }

    /** @param path {@code INSTRUMENT@MILLIS=MID} entries, the milliseconds counted on the clock from now */
    public static PaperBrokerAdapter create(String accountId, Clock clock, String... path) {
        PaperBrokerAdapter.Settings settings = new PaperBrokerAdapter.Settings();
        settings.accountId = accountId;
        settings.latencyMedianMillis = 1;
        settings.latencySigma = 0;
        settings.priceInterval = Duration.ofMillis(10);
        settings.pricePath = PricePath.parse(path, PaperInstrument.CATALOGUE);
        return new PaperBrokerAdapter(settings, clock);
    }

    public static void close(PaperBrokerAdapter paper) {
        paper.close();
    }
}
