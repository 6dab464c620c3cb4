package io.multibroker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.multibroker.api.quality.Figure;
import java.math.BigDecimal;

/** A figure compared with hand-computed pips and basis points, to the digit (BigDecimal equality, scale included). */
final class FigureAssertions {

    private FigureAssertions() {
    }

    static void assertFigure(String pips, String bp, Figure figure) {
        assertNotNull(figure, "no figure");
        assertEquals(new BigDecimal(pips), figure.pips(), "pips");
        assertEquals(new BigDecimal(bp), figure.bp(), "bp");
    }
}
