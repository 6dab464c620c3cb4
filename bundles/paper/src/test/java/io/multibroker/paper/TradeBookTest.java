package io.multibroker.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The account's trades and money on their own, without orders: netting, hedging, protections and conversion. */
class TradeBookTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private PaperExchangeTest.SetQuotes quotes;

    @BeforeEach
    void prices() {
        quotes = new PaperExchangeTest.SetQuotes();
        quotes.set("EUR_USD", "1.10000", "1.10010");
        quotes.set("USD_JPY", "150.000", "150.020");
    }

    private TradeBook book(boolean hedging) {
        return new TradeBook("acc", new AccountCurrency("USD", quotes), new BigDecimal("100000"), hedging, PaperInstrument.CATALOGUE,
                quotes);
    }

    private static UnifiedOrder order(OrderSide side, String units) {
        return UnifiedOrder.market("EUR_USD", side, new BigDecimal(units)).build();
    }

    private static BigDecimal units(String value) {
        return new BigDecimal(value);
    }

    @Test
    void aNettingFillReducesTheOppositeTradesOldestFirstAndOpensTheRest() {
        TradeBook book = book(false);
        assertEquals("T1", book.fill(order(OrderSide.BUY, "1000"), units("1000"), new BigDecimal("1.10010"), "T1"));
        assertEquals("T2", book.fill(order(OrderSide.BUY, "500"), units("500"), new BigDecimal("1.10010"), "T2"));

        // T1's 1000 and T2's 500 are closed, the last 100 open a short: the fill names the first trade it reduced
        String trade = book.fill(order(OrderSide.SELL, "1600"), units("1600"), new BigDecimal("1.10110"), "T3");

        assertEquals("T1", trade);
        assertEquals(0, book.heldUnits("EUR_USD", OrderSide.BUY).signum());
        assertEquals(0, units("100").compareTo(book.heldUnits("EUR_USD", OrderSide.SELL)));
        assertEquals(1, book.openTradeCount());
        // 1500 units closed 0.00100 above their open price: 1.5 USD
        assertEquals(new BigDecimal("100001.5000"), book.summary(T0, 0).balance());
    }

    @Test
    void closingOppositeTradesStopsAtTheUnitsAskedAndSaysWhatIsLeft() {
        TradeBook book = book(true);
        book.fill(order(OrderSide.BUY, "300"), units("300"), new BigDecimal("1.10010"), "T1");

        TradeBook.Reduction reduced = book.closeOpposite("EUR_USD", OrderSide.SELL, units("500"), new BigDecimal("1.10010"));

        assertEquals("T1", reduced.firstTrade());
        assertEquals(0, units("200").compareTo(reduced.remaining()));
        assertEquals(0, book.openTradeCount());
        TradeBook.Reduction nothing = book.closeOpposite("EUR_USD", OrderSide.SELL, units("500"), new BigDecimal("1.10010"));
        assertNull(nothing.firstTrade());
        assertEquals(0, units("500").compareTo(nothing.remaining()));
    }

    @Test
    void aHedgingBookKeepsBothSidesOpen() {
        TradeBook book = book(true);
        book.fill(order(OrderSide.BUY, "1000"), units("1000"), new BigDecimal("1.10010"), "T1");
        assertEquals("T2", book.fill(order(OrderSide.SELL, "1000"), units("1000"), new BigDecimal("1.10000"), "T2"));
        assertEquals(2, book.openTradeCount());
        assertEquals(1, book.positions().size());
        assertEquals(0, units("1000").compareTo(book.positions().get(0).longUnits()));
        assertEquals(0, units("1000").compareTo(book.positions().get(0).shortUnits()));
    }

    @Test
    void onANettingBookOnlyTheUnitsBeyondTheOppositePositionNeedMargin() {
        TradeBook book = book(false);
        BigDecimal price = new BigDecimal("1.10000");
        BigDecimal forFiveHundred = book(false).marginIncrease(order(OrderSide.SELL, "500"), units("500"), price);
        book.fill(order(OrderSide.BUY, "1000"), units("1000"), new BigDecimal("1.10010"), "T1");

        assertEquals(0, book.marginIncrease(order(OrderSide.SELL, "1000"), units("1000"), price).signum());
        assertEquals(forFiveHundred, book.marginIncrease(order(OrderSide.SELL, "1500"), units("1500"), price));
        assertEquals(1, forFiveHundred.signum());
    }

    @Test
    void aStopLossThatThePriceReachesClosesTheTradeIntoTheBalance() {
        TradeBook book = book(false);
        UnifiedOrder protectedBuy = UnifiedOrder.market("EUR_USD", OrderSide.BUY, units("1000")).stopLoss(new BigDecimal("1.09500"))
                .build();
        book.fill(protectedBuy, units("1000"), new BigDecimal("1.10010"), "T1");

        book.fireProtections(Map.of("EUR_USD", quotes.set("EUR_USD", "1.09600", "1.09610")));
        assertEquals(1, book.openTradeCount(), "the stop is not reached yet");
        PriceTick through = quotes.set("EUR_USD", "1.09400", "1.09410");
        book.fireProtections(Map.of("EUR_USD", through));

        assertEquals(0, book.openTradeCount());
        // closed at the bid that went through the stop: (1.09400 - 1.10010) * 1000 = -6.1 USD
        assertEquals(new BigDecimal("99993.9000"), book.summary(T0, 0).balance());
    }

    @Test
    void currenciesConvertDirectlyInvertedOrByWayOfUsd() {
        AccountCurrency money = new AccountCurrency("USD", quotes);
        // EUR_USD mid 1.10005, USD_JPY mid 150.010
        assertEquals(0, new BigDecimal("110.005").compareTo(money.convert(units("100"), "EUR", "USD")));
        assertEquals(0, new BigDecimal("100").compareTo(money.convert(units("15001"), "JPY", "USD")));
        assertEquals(0, new BigDecimal("16501.85005").compareTo(money.convert(units("100"), "EUR", "JPY")));
    }
}
