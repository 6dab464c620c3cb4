package io.multibroker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

    static final Instrument EUR_USD = new Instrument("EUR_USD", InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE,
            new BigDecimal("100000000"), new BigDecimal("0.0333"), -4);

    @Test
    void anOrderThatCannotBeRightCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal("-5")).build());
        assertThrows(IllegalArgumentException.class, () -> UnifiedOrder.builder("EUR_USD", OrderType.LIMIT, OrderSide.BUY, BigDecimal.TEN).build());
        assertThrows(IllegalArgumentException.class, () -> UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).price(BigDecimal.ONE).build());
        assertThrows(IllegalArgumentException.class, () -> UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, BigDecimal.ONE)
                .timeInForce(TimeInForce.GTD).build());
        assertThrows(IllegalArgumentException.class, () -> UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, BigDecimal.ONE)
                .goodTillTime(Instant.now()).build());
        assertThrows(IllegalArgumentException.class, () -> UnifiedOrder.market(" ", OrderSide.BUY, BigDecimal.TEN).build());
    }

    @Test
    void anOrderAlwaysHasAClientOrderIdAndKeepsItsValuesExactly() {
        UnifiedOrder order = UnifiedOrder.limit("EUR_USD", OrderSide.SELL, new BigDecimal("1000.0"), new BigDecimal("1.08500"))
                .brokerSpecific(Map.of("k", "v")).build();
        assertNotNull(order.clientOrderId());
        assertEquals(new BigDecimal("-1000.0"), order.signedUnits());
        assertEquals(new BigDecimal("1.08500"), order.price());
        assertEquals(TimeInForce.GTC, order.timeInForce());
        assertEquals(TimeInForce.FOK, UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).build().timeInForce());
        UnifiedOrder copy = order.toBuilder().build();
        assertEquals(order, copy);
        assertThrows(UnsupportedOperationException.class, () -> order.brokerSpecific().put("x", "y"));
    }

    @Test
    void instrumentLimitsNameTheBrokenRule() {
        assertTrue(EUR_USD.unitsViolation(new BigDecimal("100")).isEmpty());
        assertTrue(EUR_USD.unitsViolation(new BigDecimal("100.00")).isEmpty(), "trailing zeros are not decimals");
        assertEquals("units 1.5 have more than 0 decimal(s), the units precision of EUR_USD",
                EUR_USD.unitsViolation(new BigDecimal("1.5")).orElseThrow());
        assertTrue(EUR_USD.unitsViolation(new BigDecimal("100000001")).orElseThrow().contains("exceed the maximum size"));
        assertTrue(EUR_USD.priceViolation("price", new BigDecimal("1.085000")).isEmpty());
        assertEquals("price 1.085001 has more than 5 decimal(s), the price precision of EUR_USD",
                EUR_USD.priceViolation("price", new BigDecimal("1.085001")).orElseThrow());
        assertEquals(new BigDecimal("0.0001"), EUR_USD.pip());
        assertThrows(IllegalArgumentException.class, () -> new Instrument("X", InstrumentType.CFD, 1, 0, BigDecimal.TEN,
                BigDecimal.ONE, BigDecimal.ONE, 0));
    }

    @Test
    void resultsOfRefusedOrUnknownOrdersCarryTheirError() {
        UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).build();
        ErrorDetail error = ErrorDetail.of(ErrorCode.INSUFFICIENT_FUNDS, "no margin");
        OrderResult rejected = OrderResult.rejected("a", order, error, Instant.EPOCH);
        assertEquals(OrderStatus.REJECTED, rejected.status());
        assertEquals(0, rejected.filledUnits().signum());
        assertEquals(order.clientOrderId(), rejected.clientOrderId());
        assertThrows(IllegalArgumentException.class, () -> new OrderResult("a", "c", null, null, "EUR_USD", OrderSide.BUY,
                OrderType.MARKET, OrderStatus.UNKNOWN, BigDecimal.TEN, null, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new OrderResult("a", "c", "1", null, "EUR_USD", OrderSide.BUY,
                OrderType.MARKET, OrderStatus.FILLED, BigDecimal.TEN, BigDecimal.TEN, null, null, null, null, null));
        OrderResult partial = new OrderResult("a", "c", "1", null, "EUR_USD", OrderSide.BUY, OrderType.LIMIT,
                OrderStatus.PARTIALLY_FILLED, new BigDecimal("3"), BigDecimal.ONE, new BigDecimal("1.1"), null, null, null, null);
        assertEquals(new BigDecimal("0.333333"), partial.fillRatio());
        assertFalse(OrderStatus.PARTIALLY_FILLED.terminal());
        assertTrue(OrderStatus.REJECTED.terminal());
    }

    @Test
    void pricesAndPositionsComputeExactly() {
        PriceTick tick = new PriceTick("EUR_USD", Instant.EPOCH, new BigDecimal("1.08500"), new BigDecimal("1.08512"), true);
        assertEquals(new BigDecimal("0.00012"), tick.spread());
        assertEquals(new BigDecimal("1.085060"), tick.mid());
        assertEquals(tick.ask(), tick.priceFor(OrderSide.BUY));
        assertEquals(tick.bid(), tick.priceFor(OrderSide.SELL));
        UnifiedPosition position = new UnifiedPosition("EUR_USD", new BigDecimal("100"), null, new BigDecimal("30"), null, null, null);
        assertEquals(new BigDecimal("70"), position.netUnits());
        assertThrows(IllegalArgumentException.class, () -> new UnifiedPosition("EUR_USD", new BigDecimal("-1"), null, null, null, null, null));
    }
}
