package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an order's answer says: the fill price at the broker's precision, and a refusal (placement or replace) before connecting. */
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

    @Test
    void aReplaceBeforeConnectIsRefusedAsTheBrokerNotBeingAvailableYetAndTheOrderKeepsResting() throws Exception {
        // the order rests at OANDA, placed through another adapter of the same account that did connect
        OandaBrokerAdapter connected = StandIn.adapter(stub);
        try {
            connected.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
            OrderResult resting = connected.placeOrder(UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(1000),
                    new BigDecimal("0.50000")).clientOrderId("rest-1").build()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(OrderStatus.ACCEPTED, resting.status(), resting::toString);

            OrderResult refused = adapter.replaceOrder(resting.brokerOrderId(), new OrderReplacement("rest-2", new BigDecimal("0.49000"),
                    null, null, null, null, null)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(OrderStatus.REJECTED, refused.status(), refused::toString);
            assertEquals(ErrorCode.BROKER_UNAVAILABLE, refused.error().code(), refused.error()::toString);
            assertTrue(refused.error().message().contains("not connected yet"), refused.error().message());
            assertEquals(1, stub.orderSubmissions(StandIn.ACCOUNT), "the replacement was not sent");
            assertEquals(OrderStatus.ACCEPTED, connected.getOrder(resting.brokerOrderId()).toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .status(), "the order keeps resting");
        } finally {
            connected.deactivate();
        }
    }
}
