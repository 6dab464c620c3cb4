package io.multibroker.risk;

import java.math.BigDecimal;

/**
 * A running sum of signed units that adds whole numbers without allocating: most orders (currencies, shares) are in
 * whole units, and those are kept in a long; fractions, and numbers too large for a long, in a BigDecimal. The
 * caller synchronises.
 */
final class Exposure {

    private static final int LONG_DIGITS = 18;

    private long whole;
    private BigDecimal rest = BigDecimal.ZERO;

    /** Adds the units with the sign (+1 buy, -1 sell). */
    void add(BigDecimal units, int sign) {
        if (units.scale() == 0 && units.precision() <= LONG_DIGITS && Math.abs(whole) < Long.MAX_VALUE / 4) {
            whole += sign * units.longValue();
        } else {
            rest = sign > 0 ? rest.add(units) : rest.subtract(units);
        }
    }

    void clear() {
        whole = 0;
        rest = BigDecimal.ZERO;
    }

    /** The sum, approximately: for a quick judgement far from a limit. */
    double approximate() {
        return rest.signum() == 0 ? whole : whole + rest.doubleValue();
    }

    /** The sum, exactly. */
    BigDecimal exact() {
        return rest.signum() == 0 ? BigDecimal.valueOf(whole) : BigDecimal.valueOf(whole).add(rest);
    }

    boolean isZero() {
        return whole == 0 && rest.signum() == 0;
    }
}
