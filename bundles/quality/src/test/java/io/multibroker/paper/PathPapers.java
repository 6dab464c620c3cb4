package io.multibroker.paper;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;

/** Paper accounts on a fixed price path and a clock of the test's, for tests outside the paper bundle. */
public final class PathPapers {

    private PathPapers() {
    }

    /** @param path {@code INSTRUMENT@MILLIS=MID} entries, the milliseconds counted on the clock from now */
    public static PaperBrokerAdapter create(String accountId, Clock clock, String... path) {
        return create(accountId, clock, 1.0, path);
    }

    /** An account on the path whose spreads are {@code spreadScale} times the catalogue's. */
    public static PaperBrokerAdapter create(String accountId, Clock clock, double spreadScale, String... path) {
        PaperSettings settings = new PaperSettings();
        settings.accountId = accountId;
        settings.latencyMedianMillis = 1;
        settings.latencySigma = 0;
        settings.priceInterval = Duration.ofMillis(10);
        settings.pricePath = PricePath.parse(path, PaperInstrument.CATALOGUE);
        settings.spreadScale = BigDecimal.valueOf(spreadScale);
        return new PaperBrokerAdapter(settings, clock);
    }

    public static void close(PaperBrokerAdapter paper) {
        paper.close();
    }
}
