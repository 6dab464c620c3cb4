package io.multibroker.paper;

/** The conformance suite on a hedging account, whose positions keep both sides. */
class PaperHedgingConformanceTest extends PaperConformanceTest {
    @Override
    protected PaperSettings settings() {
        PaperSettings settings = super.settings();
        settings.hedging = true;
        return settings;
    }
}
