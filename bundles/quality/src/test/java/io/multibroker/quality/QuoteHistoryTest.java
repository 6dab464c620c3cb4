package io.multibroker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.PriceTick;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The gap rule: a moment has a quote only when the stream showed one that still stood then. */
class QuoteHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    @Test
    void aPriceStandsUntilTheNextOne() {
        QuoteHistory history = new QuoteHistory("EUR_USD at a", 16);
        history.add(tick(0, "1.10000"));
        history.add(tick(1_000, "1.10020"));
        assertEquals(new BigDecimal("1.10000"), history.at(T0.plusMillis(999), MAX_AGE).tick().bid());
        assertEquals(new BigDecimal("1.10020"), history.at(T0.plusMillis(1_000), MAX_AGE).tick().bid());
        // nothing since: the last price stands while the stream flows, within the maximum age
        assertEquals(new BigDecimal("1.10020"), history.at(T0.plusMillis(5_900), MAX_AGE).tick().bid());
    }

    @Test
    void aSilentStreamIsAGapAfterTheMaximumAge() {
        QuoteHistory history = new QuoteHistory("EUR_USD at a", 16);
        history.add(tick(0, "1.10000"));
        history.add(tick(10_000, "1.10030"));
        QuoteHistory.Lookup lookup = history.at(T0.plusMillis(7_000), MAX_AGE);
        assertFalse(lookup.found());
        assertTrue(lookup.gap().contains("no price of EUR_USD at a for 7000 ms"), lookup.gap());
    }

    @Test
    void anInterruptionIsAGapUntilTheNextPrice() {
        QuoteHistory history = new QuoteHistory("EUR_USD at a", 16);
        history.add(tick(0, "1.10000"));
        history.interrupted(T0.plusMillis(500));
        assertTrue(history.at(T0.plusMillis(300), MAX_AGE).found(), "before the interruption the price stood");
        QuoteHistory.Lookup during = history.at(T0.plusMillis(800), MAX_AGE);
        assertFalse(during.found());
        assertTrue(during.gap().contains("interrupted since"), during.gap());

        history.add(tick(2_000, "1.10050"));
        // once the stream is back, the moments of the interruption stay gaps: the new price follows a gap
        QuoteHistory.Lookup between = history.at(T0.plusMillis(1_500), MAX_AGE);
        assertFalse(between.found());
        assertTrue(between.gap().contains("were interrupted between"), between.gap());
        assertTrue(history.at(T0.plusMillis(2_000), MAX_AGE).found());
    }

    @Test
    void aTickTheAdapterMarksAfterAGapEndsThePriceBeforeIt() {
        QuoteHistory history = new QuoteHistory("EUR_USD at a", 16);
        history.add(tick(0, "1.10000"));
        history.add(tick(3_000, "1.10070").markedAfterGap());
        assertFalse(history.at(T0.plusMillis(1_000), MAX_AGE).found());
        assertTrue(history.at(T0, MAX_AGE).found());
    }

    @Test
    void beforeTheFirstPriceOrBeyondTheRingThereIsNone() {
        QuoteHistory history = new QuoteHistory("EUR_USD at a", 2);
        history.add(tick(1_000, "1.10000"));
        assertTrue(history.at(T0, MAX_AGE).gap().contains("no price of EUR_USD at a before"));
        history.add(tick(2_000, "1.10010"));
        history.add(tick(3_000, "1.10020"));
        QuoteHistory.Lookup forgotten = history.at(T0.plusMillis(1_500), MAX_AGE);
        assertFalse(forgotten.found());
        assertTrue(forgotten.gap().contains("no longer kept"), forgotten.gap());
    }

    @Test
    void aPriceOlderThanTheNewestIsAGapNotAReorderedHistory() {
        QuoteHistory history = new QuoteHistory("EUR_USD at a", 16);
        history.add(tick(0, "1.10000"));
        history.add(tick(2_000, "1.10020"));
        history.add(tick(1_000, "1.09000"));
        history.add(tick(3_000, "1.10030"));
        assertFalse(history.at(T0.plusMillis(2_500), MAX_AGE).found(), "the moment around the stray price is a gap");
        assertEquals(new BigDecimal("1.10020"), history.at(T0.plusMillis(2_000), MAX_AGE).tick().bid());
    }

    private static PriceTick tick(long millis, String bid) {
        BigDecimal b = new BigDecimal(bid);
        return new PriceTick("EUR_USD", T0.plusMillis(millis), b, b.add(new BigDecimal("0.00010")), true);
    }
}
