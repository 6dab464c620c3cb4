package io.multibroker.risk;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The value of a quantity at a price in the account's currency. A pair {@code BASE_QUOTE} is priced in its quote
 * currency: the value is units times price when the account's currency is the quote currency, the units themselves
 * when it is the base currency, and otherwise units times price converted at the last quote of {@code QUOTE_CCY} (or
 * divided by that of {@code CCY_QUOTE}). An instrument that is not a pair (a share), or an account whose currency is
 * not known yet, is valued in the price's own currency.
 */
final class Valuation {

    private Valuation() {
    }

    /** The value, exactly where no conversion is needed (to 16 digits through a cross rate), or null when no cross rate is known. */
    static BigDecimal exact(AccountRisk account, String instrument, BigDecimal units, BigDecimal price) {
        String currency = account.currency;
        int separator = instrument.indexOf('_');
        if (currency == null || separator < 0 || quoteIs(instrument, separator, currency)) {
            return units.multiply(price);
        }
        if (baseIs(instrument, separator, currency)) {
            return units;
        }
        String quoteCurrency = instrument.substring(separator + 1);
        Quote direct = account.quotes.get(quoteCurrency + "_" + currency);
        if (direct != null) {
            return units.multiply(price).multiply(direct.mid());
        }
        Quote inverse = account.quotes.get(currency + "_" + quoteCurrency);
        if (inverse != null) {
            return units.multiply(price).divide(inverse.mid(), MathContext.DECIMAL64);
        }
        return null;
    }

    /** The value as a double, NaN when it needs a conversion: then the caller works it out exactly. */
    static double approximate(AccountRisk account, String instrument, double units, double price) {
        String currency = account.currency;
        int separator = instrument.indexOf('_');
        if (currency == null || separator < 0 || quoteIs(instrument, separator, currency)) {
            return units * price;
        }
        if (baseIs(instrument, separator, currency)) {
            return units;
        }
        return Double.NaN;
    }

    /** The cross pairs a conversion of the instrument's value may need, to follow their prices; empty when none. */
    static String[] crossPairs(String currency, String instrument) {
        int separator = instrument.indexOf('_');
        if (currency == null || separator < 0 || quoteIs(instrument, separator, currency) || baseIs(instrument, separator, currency)) {
            return new String[0];
        }
        String quoteCurrency = instrument.substring(separator + 1);
        return new String[] {quoteCurrency + "_" + currency, currency + "_" + quoteCurrency};
    }

    private static boolean quoteIs(String instrument, int separator, String currency) {
        return instrument.length() - separator - 1 == currency.length()
                && instrument.regionMatches(separator + 1, currency, 0, currency.length());
    }

    private static boolean baseIs(String instrument, int separator, String currency) {
        return separator == currency.length() && instrument.regionMatches(0, currency, 0, separator);
    }
}
