package io.multibroker.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The journal's record of an order as sent: every field that reaches the broker, whatever sizes the order. */
class OrderStatesTest {

    @Test
    void anOrderSizedByNotionalIsRecordedWithItsNotional() {
        UnifiedOrder order = UnifiedOrder.notional("AAPL", OrderSide.BUY, new BigDecimal("250.00")).clientOrderId("n-1")
                .extendedHours(true).build();
        assertEquals("MARKET BUY notional=250.00 AAPL tif=GFD extendedHours", OrderStates.describe(order));
    }

    @Test
    void aStopLimitOrderIsRecordedWithItsStopAndLimitPrices() {
        UnifiedOrder order = UnifiedOrder.builder("AAPL", OrderType.STOP_LIMIT, OrderSide.SELL, new BigDecimal("3")).clientOrderId("s-1")
                .price(new BigDecimal("189.50")).stopPrice(new BigDecimal("190.00")).timeInForce(TimeInForce.GTC).build();
        assertEquals("STOP_LIMIT SELL 3 AAPL tif=GTC price=189.50 stop=190.00", OrderStates.describe(order));
    }
}
