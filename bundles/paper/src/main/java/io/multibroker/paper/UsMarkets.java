package io.multibroker.paper;

import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * US equities and crypto pairs as Alpaca lists them, so that a paper account and an Alpaca account offer the same
 * instrument under the same canonical id with the same limits, and the router and experiments can compare them.
 * Equities: prices in cents, whole shares, or quantities to 9 decimals for a fractionable name (Alpaca's rule), margin
 * at Alpaca's maintenance requirement (30 %), broker symbol the ticker. Crypto: Alpaca's minimum order size, size and
 * price increments, no margin, broker symbol {@code BTC/USD}. The starting prices are the Alpaca stand-in's.
 */
final class UsMarkets {

    /** Alpaca states no maximum; the Alpaca adapter uses the same bound, so that eligibility is alike on both. */
    private static final BigDecimal MAXIMUM = new BigDecimal("1000000");
    private static final int FRACTION_DIGITS = 9;
    private static final Set<String> FRACTIONABLE = Set.of(Instrument.TRADABLE, Instrument.FRACTIONABLE, Instrument.SHORTABLE,
            Instrument.EASY_TO_BORROW, Instrument.MARGINABLE);

    static final Map<String, PaperInstrument> EQUITIES = equities();
    static final Map<String, PaperInstrument> CRYPTO = crypto();

    private UsMarkets() {
    }

    /** Equities, then crypto: the order in which their walk draws its random numbers. */
    static List<PaperInstrument> all() {
        List<PaperInstrument> all = new ArrayList<>(EQUITIES.values());
        all.addAll(CRYPTO.values());
        return all;
    }

    private static Map<String, PaperInstrument> equities() {
        // insertion order: the price process draws its random numbers in this order (see PaperInstrument)
        Map<String, PaperInstrument> all = new LinkedHashMap<>();
        equity(all, "AAPL", "190.00", FRACTIONABLE);
        equity(all, "MSFT", "410.00", FRACTIONABLE);
        equity(all, "SPY", "520.00", FRACTIONABLE);
        equity(all, "QQQ", "440.00", FRACTIONABLE);
        equity(all, "AMZN", "180.00", FRACTIONABLE);
        equity(all, "NVDA", "120.00", FRACTIONABLE);
        equity(all, "TSLA", "175.00", FRACTIONABLE);
        // neither fractionable nor shortable at Alpaca: whole shares only
        equity(all, "GME", "25.00", Set.of(Instrument.TRADABLE, Instrument.MARGINABLE));
        return Collections.unmodifiableMap(all);
    }

    private static Map<String, PaperInstrument> crypto() {
        Map<String, PaperInstrument> all = new LinkedHashMap<>();
        crypto(all, "BTC_USD", "60000", "0.0001", "0.000000001", "1");
        crypto(all, "ETH_USD", "3000.0", "0.001", "0.000000001", "0.1");
        return Collections.unmodifiableMap(all);
    }

    private static void equity(Map<String, PaperInstrument> all, String ticker, String mid, Set<String> attributes) {
        boolean fractionable = attributes.contains(Instrument.FRACTIONABLE);
        Instrument limits = new Instrument(ticker, InstrumentType.EQUITY, 2, fractionable ? FRACTION_DIGITS : 0,
                fractionable ? BigDecimal.ONE.movePointLeft(FRACTION_DIGITS) : BigDecimal.ONE, MAXIMUM, new BigDecimal("0.30"), -2,
                ticker, attributes, null, null);
        // a two-cent spread (the stand-in's), and a walk of about 1 % a trading hour at 250 ms steps
        all.put(ticker, new PaperInstrument(limits, ticker, "USD", new BigDecimal(mid), new BigDecimal("2"), new BigDecimal("0.0001")));
    }

    private static void crypto(Map<String, PaperInstrument> all, String pair, String mid, String minimum, String sizeIncrement,
            String priceIncrement) {
        BigDecimal increment = new BigDecimal(priceIncrement);
        int pricePrecision = Math.max(0, increment.stripTrailingZeros().scale());
        BigDecimal size = new BigDecimal(sizeIncrement);
        Instrument limits = new Instrument(pair, InstrumentType.CRYPTO, pricePrecision, Math.max(0, size.stripTrailingZeros().scale()),
                new BigDecimal(minimum), MAXIMUM, BigDecimal.ONE, -pricePrecision, pair.replace('_', '/'),
                Set.of(Instrument.TRADABLE, Instrument.FRACTIONABLE), size, increment);
        String[] currencies = pair.split("_");
        // a spread of four price increments (the stand-in's)
        all.put(pair, new PaperInstrument(limits, currencies[0], currencies[1], new BigDecimal(mid), new BigDecimal("4"),
                new BigDecimal("0.0002")));
    }
}
