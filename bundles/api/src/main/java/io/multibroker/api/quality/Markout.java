package io.multibroker.api.quality;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A fill's markout at one horizon: {@code s * (m(t + horizon) - p)} with s = +1 for a buy and -1 for a sell, m the
 * reference mid and p the fill price. Positive when the market moved the trader's way after the fill.
 *
 * @param horizon how long after the fill
 * @param state whether it was taken
 * @param mid the reference mid at the horizon, or null unless MEASURED
 * @param value the markout in pips and in basis points of the fill price, or null unless MEASURED
 */
public record Markout(MarkoutHorizon horizon, MarkoutState state, BigDecimal mid, Figure value) {

    public Markout {
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(state, "state");
        if ((state == MarkoutState.MEASURED) != (value != null)) {
            throw new IllegalArgumentException("a markout has a value exactly when it is MEASURED: " + state + " " + value);
        }
    }

    public static Markout pending(MarkoutHorizon horizon) {
        return new Markout(horizon, MarkoutState.PENDING, null, null);
    }
}
