package io.multibroker.console;

import io.multibroker.api.model.Instrument;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/**
 * The one way every command prints a number or a time, so that the same kind of figure reads the same in
 * every table: money at its currency's decimals, prices and units at the instrument's precision, rates as
 * percentages, latencies in milliseconds with three decimals, times in UTC to the millisecond.
 * JSON output does not go through here: it keeps the values as they are.
 */
final class Formats {

    /** ISO-8601 in UTC to the millisecond: nanoseconds are noise to a reader and make columns ragged. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Decimals of money when the currency is unknown or not an ISO 4217 code. */
    static final int MONEY_DECIMALS = 2;

    private Formats() {
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String millis(Duration duration) {
        return duration == null ? "" : BigDecimal.valueOf(duration.toNanos()).movePointLeft(6).setScale(3, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    static String millis(double millis) {
        return Double.isNaN(millis) ? "" : String.format(Locale.ROOT, "%.3f", millis);
    }

    /** A ratio (0.25) as a percentage ("25.00 %"). */
    static String percent(double ratio) {
        return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f %%", 100 * ratio);
    }

    static String percent(BigDecimal ratio) {
        return ratio == null ? "" : ratio.movePointRight(2).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " %";
    }

    /** A share in basis points (3334) as a percentage ("33.34 %"), exactly. */
    static String basisPoints(int basisPoints) {
        return BigDecimal.valueOf(basisPoints).movePointLeft(2).setScale(2, RoundingMode.UNNECESSARY).toPlainString() + " %";
    }

    /** Money at its currency's decimals (USD 2, JPY 0), or 2 when the currency is unknown. */
    static String money(BigDecimal amount, String currency) {
        return amount == null ? "" : amount.setScale(moneyDecimals(currency), RoundingMode.HALF_EVEN).toPlainString();
    }

    static int moneyDecimals(String currency) {
        if (currency == null) {
            return MONEY_DECIMALS;
        }
        try {
            int digits = Currency.getInstance(currency.trim().toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
            return digits < 0 ? MONEY_DECIMALS : digits;
        } catch (IllegalArgumentException notIso) {
            return MONEY_DECIMALS;
        }
    }

    /** A price at the instrument's precision; as given when the instrument is unknown. */
    static String price(BigDecimal price, Instrument instrument) {
        if (price == null) {
            return "";
        }
        return instrument == null ? price.toPlainString() : scaled(price, instrument.pricePrecision());
    }

    /** Units at the instrument's units precision; as given when the instrument is unknown. */
    static String units(BigDecimal units, Instrument instrument) {
        if (units == null) {
            return "";
        }
        return instrument == null ? units.toPlainString() : scaled(units, instrument.unitsPrecision());
    }

    /**
     * At the given decimals, but never hiding digits the value has: a fill price with one more decimal than the
     * instrument's precision is shown as it is rather than rounded into a different price.
     */
    private static String scaled(BigDecimal value, int decimals) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() > decimals ? stripped.toPlainString() : value.setScale(decimals, RoundingMode.UNNECESSARY).toPlainString();
    }

    static String pips(BigDecimal pips) {
        return pips == null ? "" : pips.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String pips(double pips) {
        return Double.isNaN(pips) ? "" : String.format(Locale.ROOT, "%.2f", pips);
    }

    /** Events per second. */
    static String perSecond(double rate) {
        return Double.isNaN(rate) ? "" : String.format(Locale.ROOT, "%.2f", rate);
    }

    static String count(long count) {
        return Long.toString(count);
    }

    /** A p-value to three significant digits; below what the tests can tell from zero, a bound. */
    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < Double.MIN_NORMAL ? "< 1e-300" : String.format(Locale.ROOT, "%.3g", p);
    }

    static String plain(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
