package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an order's answer says: the fill price at the broker's precision, and a refusal before connecting. */
class OrderAnswersTest extends StandInTest {

    private OrderResult place(OrderSide side, int units) throws Exception {
        return adapter.placeOrder(UnifiedOrder.market("EUR_USD", side, BigDecimal.valueOf(units)).build()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFillThatClosesOneTradeAndOpensAnotherIsPricedAtTheInstrumentsPrecision() throws Exception {
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Instrument eurUsd = adapter.capabilities().instruments().get("EUR_USD");
        OrderResult opened = place(OrderSide.BUY, 1000);
        assertEquals(eurUsd.pricePrecision(), opened.averageFillPrice().scale(), "one part: the broker's price as it is");
        // netting: the sell closes the long trade and opens a short one, two parts of one fill at one price
        OrderResult reversed = place(OrderSide.SELL, 2000);
        assertEquals(OrderStatus.FILLED, reversed.status(), reversed::toString);
        assertEquals(eurUsd.pricePrecision(), reversed.averageFillPrice().scale(), () -> "an average of two parts: "
                + reversed.averageFillPrice().toPlainString());
    }

    @Test
    void anOrderBeforeConnectIsRefusedAsTheBrokerNotBeingAvailableYet() throws Exception {
        OrderResult refused = place(OrderSide.BUY, 1000);
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, refused.error().code(), refused.error()::toString);
        assertNull(refused.brokerOrderId());
        assertEquals(0, stub.orderSubmissions(StandIn.ACCOUNT), "nothing was sent");
    }
}
