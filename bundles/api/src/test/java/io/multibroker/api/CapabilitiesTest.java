package io.multibroker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.capability.CapabilityDiff;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    private static final BrokerCapabilities MARKET_ONLY = new BrokerCapabilities(
            Set.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.STOP_LOSS_ON_FILL),
            Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK)), Map.of("EUR_USD", ModelTest.EUR_USD));

    private static ErrorDetail refusal(UnifiedOrder order) {
        return MARKET_ONLY.refusal(order).orElseThrow(() -> new AssertionError("accepted: " + order));
    }

    @Test
    void anOrderItCanTakeIsNotRefused() {
        assertTrue(MARKET_ONLY.refusal(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN)
                .stopLoss(new BigDecimal("1.00000")).build()).isEmpty());
    }

    @Test
    void eachRefusalNamesWhatIsMissing() {
        ErrorDetail type = refusal(UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, new BigDecimal("1.1")).build());
        assertEquals(ErrorCode.UNSUPPORTED_ORDER_TYPE, type.code());
        assertTrue(type.message().contains("LIMIT_ORDERS"), type.message());
        ErrorDetail tif = refusal(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).timeInForce(TimeInForce.IOC).build());
        assertEquals(ErrorCode.UNSUPPORTED_TIME_IN_FORCE, tif.code());
        assertTrue(tif.message().contains("[FOK]"), tif.message());
        // a notional order's time in force is the builder's: a broker without notional orders says that, not the time in force
        ErrorDetail notional = refusal(UnifiedOrder.notional("EUR_USD", OrderSide.BUY, new BigDecimal("100")).build());
        assertEquals(ErrorCode.UNSUPPORTED_ORDER_TYPE, notional.code());
        assertTrue(notional.message().contains("NOTIONAL_ORDERS"), notional.message());
        ErrorDetail tp = refusal(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).takeProfit(new BigDecimal("1.2")).build());
        assertTrue(tp.message().contains("TAKE_PROFIT_ON_FILL"), tp.message());
        ErrorDetail trailing = refusal(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN)
                .trailingStopDistance(new BigDecimal("0.001")).build());
        assertTrue(trailing.message().contains("TRAILING_STOPS"), trailing.message());
        assertEquals(ErrorCode.INVALID_SYMBOL, refusal(UnifiedOrder.market("GBP_USD", OrderSide.BUY, BigDecimal.TEN).build()).code());
        ErrorDetail fractional = refusal(UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal("1.5")).build());
        assertEquals(ErrorCode.INVALID_QUANTITY, fractional.code());
        assertTrue(fractional.message().contains("FRACTIONAL_UNITS"), fractional.message());
        ErrorDetail price = refusal(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).stopLoss(new BigDecimal("1.000001")).build());
        assertEquals(ErrorCode.INVALID_PRICE, price.code());
        assertTrue(price.message().startsWith("stop loss 1.000001"), price.message());
    }

    @Test
    void flagsAndTimeInForceTableMustAgree() {
        assertThrows(IllegalArgumentException.class, () -> new BrokerCapabilities(Set.of(BrokerCapability.LIMIT_ORDERS), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new BrokerCapabilities(Set.of(),
                Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new BrokerCapabilities(Set.of(), Map.of(), Map.of("X", ModelTest.EUR_USD)));
    }

    @Test
    void twoDescriptorsCompareFlagByFlagAndInstrumentByInstrument() {
        Instrument wider = new Instrument("EUR_USD", InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE, new BigDecimal("5000"),
                new BigDecimal("0.0333"), -4);
        Instrument gold = new Instrument("XAU_USD", InstrumentType.METAL, 3, 0, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE, -2);
        BrokerCapabilities after = new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.HEDGING),
                Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK, TimeInForce.IOC)), Map.of("EUR_USD", wider, "XAU_USD", gold));
        CapabilityDiff diff = after.diffFrom(MARKET_ONLY);
        assertEquals(Set.of(BrokerCapability.HEDGING), diff.featuresAdded());
        assertEquals(Set.of(BrokerCapability.STOP_LOSS_ON_FILL), diff.featuresRemoved());
        assertEquals(Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK, TimeInForce.IOC)), diff.timeInForceChanged());
        assertEquals(Set.of("XAU_USD"), diff.instrumentsAdded());
        assertEquals(Set.of(), diff.instrumentsRemoved());
        assertEquals(Map.of("EUR_USD", wider), diff.instrumentsChanged());
        assertTrue(MARKET_ONLY.diffFrom(MARKET_ONLY).isEmpty());
    }
}
