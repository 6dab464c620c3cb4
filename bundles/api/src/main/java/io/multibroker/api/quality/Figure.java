package io.multibroker.api.quality;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One execution-quality figure in the instrument's pips and in basis points.
 *
 * @param pips the figure in pips of the instrument
 * @param bp the figure in basis points of its base price (the arrival mid, or the fill price for markouts)
 */
public record Figure(BigDecimal pips, BigDecimal bp) {

    public Figure {
        Objects.requireNonNull(pips, "pips");
        Objects.requireNonNull(bp, "bp");
    }
}
