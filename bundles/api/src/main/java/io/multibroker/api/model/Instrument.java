package io.multibroker.api.model;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tradeable instrument and its limits at one account.
 *
 * <p>{@code symbol} is the canonical id, the same at every broker, so that routing and experiments can compare
 * accounts on one instrument: a currency or crypto pair is {@code BASE_QUOTE} ({@code EUR_USD}, {@code BTC_USD}), a
 * listed security its ticker ({@code AAPL}). Each adapter maps its broker's own symbol to it and back
 * ({@link #brokerSymbol()}: {@code BTC/USD} at Alpaca).
 *
 * @param symbol the canonical id ({@code EUR_USD}, {@code BTC_USD}, {@code AAPL})
 * @param type what kind of instrument it is: its asset class
 * @param pricePrecision the number of decimals a price may have
 * @param unitsPrecision the number of decimals a quantity may have (0: whole units only)
 * @param minimumSize the smallest order quantity
 * @param maximumSize the largest order quantity
 * @param marginRate the fraction of notional value held as margin
 * @param pipLocation the power of ten of one pip ({@code -4} for EUR_USD, {@code -2} for USD_JPY)
 * @param brokerSymbol the broker's own symbol for it (since 1.2; the canonical id when they agree)
 * @param attributes what the broker says of it, as words ({@link #TRADABLE}, {@link #FRACTIONABLE}, {@link #SHORTABLE},
 *        {@link #EASY_TO_BORROW}, {@link #MARGINABLE}, or the broker's own); since 1.2
 * @param unitsIncrement the step a quantity must be a multiple of, or null when only the precision counts (since 1.2)
 * @param priceIncrement the step a price must be a multiple of, or null when only the precision counts (since 1.2)
 */
public record Instrument(String symbol, InstrumentType type, int pricePrecision, int unitsPrecision,
        BigDecimal minimumSize, BigDecimal maximumSize, BigDecimal marginRate, int pipLocation, String brokerSymbol,
        Set<String> attributes, BigDecimal unitsIncrement, BigDecimal priceIncrement) {

    public static final String TRADABLE = "tradable";
    public static final String FRACTIONABLE = "fractionable";
    public static final String SHORTABLE = "shortable";
    public static final String EASY_TO_BORROW = "easy_to_borrow";
    public static final String MARGINABLE = "marginable";

    /** An instrument as model 1.1 knew it: the broker's symbol is the canonical one, no attributes, no increments. */
    public Instrument(String symbol, InstrumentType type, int pricePrecision, int unitsPrecision,
            BigDecimal minimumSize, BigDecimal maximumSize, BigDecimal marginRate, int pipLocation) {
        this(symbol, type, pricePrecision, unitsPrecision, minimumSize, maximumSize, marginRate, pipLocation, symbol, Set.of(),
                null, null);
    }

    public Instrument {
        Objects.requireNonNull(symbol, "symbol");
        brokerSymbol = brokerSymbol == null ? symbol : brokerSymbol;
        // sorted, so that two snapshots of the same instrument are equal and print alike
        attributes = attributes == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(attributes));
        if (unitsIncrement != null && unitsIncrement.signum() <= 0 || priceIncrement != null && priceIncrement.signum() <= 0) {
            throw new IllegalArgumentException(symbol + ": increments must be positive");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(minimumSize, "minimumSize");
        Objects.requireNonNull(maximumSize, "maximumSize");
        Objects.requireNonNull(marginRate, "marginRate");
        if (pricePrecision < 0 || unitsPrecision < 0) {
            throw new IllegalArgumentException(symbol + ": precisions must not be negative");
        }
        if (minimumSize.compareTo(maximumSize) > 0) {
            throw new IllegalArgumentException(symbol + ": minimum size " + minimumSize + " exceeds maximum " + maximumSize);
        }
    }

    /** Whether the broker gives the instrument this attribute ({@link #FRACTIONABLE}, ...). */
    public boolean has(String attribute) {
        return attributes.contains(attribute);
    }

    /** One pip as a price difference: {@code 0.0001} for a pip location of -4. */
    public BigDecimal pip() {
        return BigDecimal.ONE.scaleByPowerOfTen(pipLocation);
    }

    /** Why a quantity is not acceptable here, or empty when it is. */
    public Optional<String> unitsViolation(BigDecimal units) {
        if (units.signum() <= 0) {
            return Optional.of("units " + units.toPlainString() + " must be positive");
        }
        if (exceedsPrecision(units, unitsPrecision)) {
            return Optional.of("units " + units.toPlainString() + " have more than " + unitsPrecision
                    + " decimal(s), the units precision of " + symbol);
        }
        if (units.compareTo(minimumSize) < 0) {
            return Optional.of("units " + units.toPlainString() + " are below the minimum size "
                    + minimumSize.toPlainString() + " of " + symbol);
        }
        if (units.compareTo(maximumSize) > 0) {
            return Optional.of("units " + units.toPlainString() + " exceed the maximum size "
                    + maximumSize.toPlainString() + " of " + symbol);
        }
        if (unitsIncrement != null && units.remainder(unitsIncrement).signum() != 0) {
            return Optional.of("units " + units.toPlainString() + " are not a multiple of the size increment "
                    + unitsIncrement.toPlainString() + " of " + symbol);
        }
        return Optional.empty();
    }

    /** Why a price is not acceptable here, or empty when it is. */
    public Optional<String> priceViolation(String field, BigDecimal price) {
        if (price.signum() <= 0) {
            return Optional.of(field + " " + price.toPlainString() + " must be positive");
        }
        if (exceedsPrecision(price, pricePrecision)) {
            return Optional.of(field + " " + price.toPlainString() + " has more than " + pricePrecision
                    + " decimal(s), the price precision of " + symbol);
        }
        if (priceIncrement != null && price.remainder(priceIncrement).signum() != 0) {
            return Optional.of(field + " " + price.toPlainString() + " is not a multiple of the price increment "
                    + priceIncrement.toPlainString() + " of " + symbol);
        }
        return Optional.empty();
    }

    /** Whether the value has more significant decimals than allowed; without stripping (no allocation) when its scale is within. */
    static boolean exceedsPrecision(BigDecimal value, int precision) {
        return value.scale() > precision && decimals(value) > precision;
    }

    /** The number of significant decimals: {@code 1.2300} has 2. */
    static int decimals(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return Math.max(0, stripped.scale());
    }
}
