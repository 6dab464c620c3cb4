package io.multibroker.paper;

import java.util.List;

/** The conformance suite on an account that trades one index CFD, whose units may be fractional (precision 1). */
class PaperIndexConformanceTest extends PaperConformanceTest {
    @Override
    protected PaperSettings settings() {
        PaperSettings settings = super.settings();
        settings.instruments = List.of(PaperInstrument.CATALOGUE.get("SPX500_USD"));
        return settings;
    }
}
