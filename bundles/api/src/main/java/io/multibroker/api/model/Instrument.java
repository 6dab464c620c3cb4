package io.multibroker.api.model;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A tradeable instrument and its limits at one account.
 *
 * @param symbol the runtime's symbol (OANDA style, {@code EUR_USD})
 * @param type what kind of instrument it is
 * @param pricePrecision the number of decimals a price may have
 * @param unitsPrecision the number of decimals a quantity may have (0: whole units only)
 * @param minimumSize the smallest order quantity
 * @param maximumSize the largest order quantity
 * @param marginRate the fraction of notional value held as margin
 * @param pipLocation the power of ten of one pip ({@code -4} for EUR_USD, {@code -2} for USD_JPY)
 */
public record Instrument(String symbol, InstrumentType type, int pricePrecision, int unitsPrecision,
        BigDecimal minimumSize, BigDecimal maximumSize, BigDecimal marginRate, int pipLocation) {

    public Instrument {
        Objects.requireNonNull(symbol, "symbol");
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
