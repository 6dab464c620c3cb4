package io.multibroker.paper;

import java.util.EnumSet;

/** The conformance suite on an account that trades US equities and crypto (market always open, so that the suite can trade). */
class PaperUsMarketsConformanceTest extends PaperConformanceTest {
    @Override
    protected PaperSettings settings() {
        PaperSettings settings = super.settings();
        settings.assetClasses = EnumSet.of(AssetClass.US_EQUITY, AssetClass.CRYPTO);
        settings.instruments = PaperSettings.instruments(null, settings.assetClasses);
        settings.marketHours = MarketHours.ALWAYS;
        return settings;
    }

}
