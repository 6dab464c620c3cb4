package io.multibroker.paper;

import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instrument the simulated broker quotes: its public limits plus what the simulation needs
 * (currencies for conversion, a starting price, the spread and how much the price moves per step).
 */
record PaperInstrument(Instrument limits, String baseCurrency, String quoteCurrency, BigDecimal initialMid,
        BigDecimal spreadPips, BigDecimal volatilityPerStep) {

    /** The catalogue: FX majors and crosses, and a few CFDs, with OANDA-like precision and spreads. */
    static final Map<String, PaperInstrument> CATALOGUE = catalogue();

    String symbol() {
        return limits.symbol();
    }

    BigDecimal spread() {
        return spreadPips.multiply(limits.pip());
    }

    private static Map<String, PaperInstrument> catalogue() {
        Map<String, PaperInstrument> all = new LinkedHashMap<>();
        fx(all, "EUR_USD", "1.08500", 5, -4, "1.0");
        fx(all, "GBP_USD", "1.27000", 5, -4, "1.5");
        fx(all, "USD_JPY", "151.500", 3, -2, "1.2");
        fx(all, "AUD_USD", "0.65500", 5, -4, "1.4");
        fx(all, "USD_CHF", "0.88000", 5, -4, "1.7");
        fx(all, "USD_CAD", "1.36000", 5, -4, "2.0");
        fx(all, "NZD_USD", "0.60000", 5, -4, "2.0");
        fx(all, "EUR_GBP", "0.85500", 5, -4, "1.6");
        fx(all, "EUR_JPY", "164.500", 3, -2, "2.0");
        cfd(all, "SPX500_USD", InstrumentType.CFD, "USD", "5200.0", 1, 0, "0.5", 1, "0.1", "10000", "0.05");
        cfd(all, "NAS100_USD", InstrumentType.CFD, "USD", "18200.0", 1, 0, "1.5", 1, "0.1", "10000", "0.05");
        cfd(all, "DE30_EUR", InstrumentType.CFD, "EUR", "18000.0", 1, 0, "1.2", 1, "0.1", "10000", "0.05");
        cfd(all, "XAU_USD", InstrumentType.METAL, "USD", "2350.000", 3, -2, "35", 0, "1", "100000", "0.05");
        cfd(all, "BCO_USD", InstrumentType.CFD, "USD", "82.500", 3, -2, "3", 0, "1", "100000", "0.1");
        // insertion order, not Map.copyOf: the price process draws its random numbers in this order, and a seed
        // must replay the same prices on every JVM (Map.copyOf iterates in an order that changes between JVMs)
        return Collections.unmodifiableMap(all);
    }

    private static void fx(Map<String, PaperInstrument> all, String symbol, String mid, int precision, int pipLocation,
            String spreadPips) {
        Instrument limits = new Instrument(symbol, InstrumentType.CURRENCY, precision, 0, BigDecimal.ONE,
                new BigDecimal("100000000"), new BigDecimal("0.0333"), pipLocation);
        String[] currencies = symbol.split("_");
        all.put(symbol, new PaperInstrument(limits, currencies[0], currencies[1], new BigDecimal(mid),
                new BigDecimal(spreadPips), new BigDecimal("0.00002")));
    }

    private static void cfd(Map<String, PaperInstrument> all, String symbol, InstrumentType type, String quote, String mid,
            int precision, int pipLocation, String spreadPips, int unitsPrecision, String min, String max, String marginRate) {
        Instrument limits = new Instrument(symbol, type, precision, unitsPrecision, new BigDecimal(min), new BigDecimal(max),
                new BigDecimal(marginRate), pipLocation);
        all.put(symbol, new PaperInstrument(limits, symbol.substring(0, symbol.indexOf('_')), quote, new BigDecimal(mid),
                new BigDecimal(spreadPips), new BigDecimal("0.00004")));
    }
}
