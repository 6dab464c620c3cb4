package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void oneFormatPerKindOfNumber() {
        assertEquals("2026-11-24T10:15:30.123Z", Formats.time(Instant.parse("2026-11-24T10:15:30.123456789Z")));
        assertEquals("2026-11-24T10:15:30.000Z", Formats.time(Instant.parse("2026-11-24T10:15:30Z")));
        assertEquals("1.235", Formats.millis(Duration.ofNanos(1_234_567)));
        assertEquals("0.000", Formats.millis(Duration.ZERO));
        assertEquals("25.00 %", Formats.percent(0.25));
        assertEquals("0.00 %", Formats.percent(BigDecimal.ZERO));
        assertEquals("33.34 %", Formats.basisPoints(3334));
        assertEquals("100.00", Formats.money(new BigDecimal("100"), "USD"));
        assertEquals("1235", Formats.money(new BigDecimal("1234.6"), "JPY"));
        assertEquals("0.10", Formats.money(new BigDecimal("0.1"), null));
    }

    @Test
    void pricesAndUnitsTakeTheInstrumentsPrecisionButNeverLoseDigits() {
        assertEquals("1.08000", Formats.price(new BigDecimal("1.08"), ConsoleFixture.EUR_USD));
        assertEquals("1.080005", Formats.price(new BigDecimal("1.080005"), ConsoleFixture.EUR_USD));
        assertEquals("1.08", Formats.price(new BigDecimal("1.08"), null));
        assertEquals("1000", Formats.units(new BigDecimal("1000.000"), ConsoleFixture.EUR_USD));
    }

    @Test
    void wrappingKeepsEveryLetter() {
        assertEquals("compared side\nby side", TextWrap.wrap("compared side by side", 13));
        assertEquals("abcdef\ngh", TextWrap.wrap("abcdefgh", 6));
        assertEquals("", TextWrap.wrap(null, 10));
    }
}
