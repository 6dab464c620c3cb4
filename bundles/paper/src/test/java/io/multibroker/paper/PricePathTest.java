package io.multibroker.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.PriceTick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricePathTest {

    private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

    @Test
    void aPathsInstrumentTakesItsMidsByTheClockAndTheOthersStillWalkAsTheirSeedSays() {
        PricePath path = PricePath.parse(new String[] {"EUR_USD@0=1.10000,EUR_USD@3000=1.10040"}, PaperInstrument.CATALOGUE);
        List<PaperInstrument> all = List.copyOf(PaperInstrument.CATALOGUE.values());
        PriceProcess fixed = new PriceProcess(all, 7, START, path);
        PriceProcess walking = new PriceProcess(all, 7, START);
        assertEquals(new BigDecimal("1.09995"), fixed.current("EUR_USD").bid());
        assertEquals(new BigDecimal("1.10005"), fixed.current("EUR_USD").ask());
        fixed.step(START.plusMillis(2_999));
        walking.step(START.plusMillis(2_999));
        assertEquals(new BigDecimal("1.09995"), fixed.current("EUR_USD").bid());
        List<PriceTick> later = fixed.step(START.plusMillis(3_000));
        List<PriceTick> walked = walking.step(START.plusMillis(3_000));
        assertEquals(new BigDecimal("1.10035"), fixed.current("EUR_USD").bid());
        assertEquals(new BigDecimal("1.10045"), fixed.current("EUR_USD").ask());
        // GBP_USD is not on the path: the same walk as without one
        assertEquals(walked.get(1), later.get(1));
    }

    @Test
    void aBadEntryIsNamedWithTheRule() {
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> PricePath.parse(new String[] {"EUR_USD=1.1"}, PaperInstrument.CATALOGUE));
        assertTrue(format.getMessage().contains("price.path: 'EUR_USD=1.1' must be INSTRUMENT@MILLIS=MID"), format.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> PricePath.parse(new String[] {"FOO_BAR@0=1"}, PaperInstrument.CATALOGUE));
        assertTrue(unknown.getMessage().contains("FOO_BAR is not quoted"), unknown.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> PricePath.parse(new String[] {"EUR_USD@0=-1"}, PaperInstrument.CATALOGUE));
        assertTrue(negative.getMessage().contains("the mid positive"), negative.getMessage());
    }
}
