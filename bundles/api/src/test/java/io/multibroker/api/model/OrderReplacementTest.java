package io.multibroker.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A replacement changes what it names and keeps everything else of the order: a stop-limit's stop price, an
 * extended-hours flag and an amount of money are not lost on the way to the broker (a replaced stop-limit without its
 * stop would be refused, or worse, sent as another order).
 */
class OrderReplacementTest {

    private static final BigDecimal LIMIT = new BigDecimal("151.00");
    private static final BigDecimal STOP = new BigDecimal("150.00");

    private static UnifiedOrder stopLimit() {
        return UnifiedOrder.builder("AAPL", OrderType.STOP_LIMIT, OrderSide.BUY, new BigDecimal("3")).price(LIMIT).stopPrice(STOP)
                .timeInForce(TimeInForce.GFD).extendedHours(true).clientOrderId("old").build();
    }

    @Test
    void aNewPriceKeepsTheStopPriceAndExtendedHours() {
        UnifiedOrder replaced = new OrderReplacement("new", new BigDecimal("152.00"), null, null, null, null, null).applyTo(stopLimit());
        assertEquals(new BigDecimal("152.00"), replaced.price());
        assertEquals(STOP, replaced.stopPrice());
        assertTrue(replaced.extendedHours());
        assertEquals(TimeInForce.GFD, replaced.timeInForce());
        assertEquals("new", replaced.clientOrderId());
        assertEquals(OrderType.STOP_LIMIT, replaced.type());
    }

    @Test
    void newUnitsKeepTheStopPriceAndExtendedHours() {
        UnifiedOrder replaced = new OrderReplacement(null, null, new BigDecimal("5"), null, null, null, null).applyTo(stopLimit());
        assertEquals(new BigDecimal("5"), replaced.units());
        assertEquals(LIMIT, replaced.price());
        assertEquals(STOP, replaced.stopPrice());
        assertTrue(replaced.extendedHours());
        assertNull(replaced.notional());
    }

    @Test
    void aNotionalOrderKeepsItsAmountUnlessUnitsReplaceIt() {
        UnifiedOrder notional = UnifiedOrder.notional("AAPL", OrderSide.BUY, new BigDecimal("250.00")).clientOrderId("n").build();
        UnifiedOrder retimed = new OrderReplacement(null, null, null, TimeInForce.GTC, null, null, null).applyTo(notional);
        assertEquals(new BigDecimal("250.00"), retimed.notional());
        assertNull(retimed.units());
        assertEquals(TimeInForce.GTC, retimed.timeInForce());
        UnifiedOrder sized = new OrderReplacement(null, null, new BigDecimal("2"), null, null, null, null).applyTo(notional);
        assertEquals(new BigDecimal("2"), sized.units());
        assertNull(sized.notional(), "an order is sized by units or by notional, never both");
    }

    @Test
    void leavingGtdDropsTheExpiryAndProtectionsAreReplacedOneByOne() {
        UnifiedOrder gtd = UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("1000"), new BigDecimal("1.05000"))
                .timeInForce(TimeInForce.GTD).goodTillTime(Instant.parse("2030-01-01T00:00:00Z"))
                .stopLoss(new BigDecimal("1.04000")).takeProfit(new BigDecimal("1.06000")).build();
        UnifiedOrder gtc = new OrderReplacement(null, null, null, TimeInForce.GTC, null, new BigDecimal("1.04500"), null).applyTo(gtd);
        assertNull(gtc.goodTillTime());
        assertEquals(new BigDecimal("1.04500"), gtc.stopLoss());
        assertEquals(new BigDecimal("1.06000"), gtc.takeProfit());
        Instant later = Instant.parse("2031-01-01T00:00:00Z");
        assertEquals(later, new OrderReplacement(null, null, null, null, later, null, null).applyTo(gtd).goodTillTime());
    }

    @Test
    void aReplacementChangesSomethingAndItsUnitsArePositive() {
        assertThrows(IllegalArgumentException.class, () -> new OrderReplacement(null, null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new OrderReplacement(null, null, BigDecimal.ZERO, null, null, null, null));
        assertTrue(!new OrderReplacement(" ", LIMIT, null, null, null, null, null).clientOrderId().isBlank(),
                "a blank client order id is generated");
    }
}
