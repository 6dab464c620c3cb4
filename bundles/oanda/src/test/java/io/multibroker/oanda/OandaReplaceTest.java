package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.oanda.stub.Faults;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OANDA's replace (a cancel and a create in one PUT) on the stand-in: an answer lost on the way is reconciled by the
 * replacement's client order id and never sent twice; a replacement refused before sending leaves the order resting;
 * an order no longer pending is not replaced.
 */
class OandaReplaceTest extends ConnectedStandInTest {

    private static <T> T done(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private OrderResult resting(String clientId) throws Exception {
        OrderResult resting = done(adapter.placeOrder(UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("1000"),
                new BigDecimal("0.50000")).clientOrderId(clientId).build()));
        assertEquals(OrderStatus.ACCEPTED, resting.status(), resting::toString);
        return resting;
    }

    @Test
    void aReplaceWhoseAnswerIsLostIsReconciledByItsClientIdAndNeverResent() throws Exception {
        OrderResult resting = resting("old-1");
        stub.faults().next(1, Faults.Kind.DROP_AFTER_ACCEPT, Faults.Target.ORDER_SUBMISSIONS);
        OrderResult replacing = done(adapter.replaceOrder(resting.brokerOrderId(),
                new OrderReplacement("new-1", new BigDecimal("0.49000"), new BigDecimal("2000"), null, null, null, null)));
        assertEquals(OrderStatus.ACCEPTED, replacing.status(), replacing::toString);
        assertEquals("new-1", replacing.clientOrderId());
        assertNotEquals(resting.brokerOrderId(), replacing.brokerOrderId());
        assertEquals(0, new BigDecimal("2000").compareTo(replacing.requestedUnits()));
        assertEquals(2, stub.orderSubmissions(StandIn.ACCOUNT), "the order and its replacement, each sent once");
        assertEquals(1, stub.ordersWithClientId(StandIn.ACCOUNT, "new-1"));
        assertEquals(OrderStatus.CANCELLED, done(adapter.getOrder(resting.brokerOrderId())).status());
    }

    @Test
    void aReplacementRefusedBeforeSendingLeavesTheOrderResting() throws Exception {
        OrderResult resting = resting("old-2");
        // EUR_USD is priced to five decimals
        OrderResult refused = done(adapter.replaceOrder(resting.brokerOrderId(),
                new OrderReplacement(null, new BigDecimal("0.490001"), null, null, null, null, null)));
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertEquals(ErrorCode.INVALID_PRICE, refused.error().code(), refused::toString);
        assertEquals(1, stub.orderSubmissions(StandIn.ACCOUNT), "nothing was sent");
        assertEquals(OrderStatus.ACCEPTED, done(adapter.getOrder(resting.brokerOrderId())).status());
    }

    @Test
    void anOrderNoLongerPendingIsNotReplaced() throws Exception {
        OrderResult filled = done(adapter.placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal("1000")).build()));
        assertEquals(OrderStatus.FILLED, filled.status());
        ExecutionException failure = assertThrows(ExecutionException.class, () -> adapter.replaceOrder(filled.brokerOrderId(),
                new OrderReplacement(null, new BigDecimal("0.49000"), null, null, null, null, null)).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ORDER_NOT_FOUND, StandardBrokerError.from(failure.getCause()).code());
        assertEquals(1, stub.orderSubmissions(StandIn.ACCOUNT), "nothing was sent for it");
        ExecutionException missing = assertThrows(ExecutionException.class, () -> adapter.replaceOrder("999999",
                new OrderReplacement(null, new BigDecimal("0.49000"), null, null, null, null, null)).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ORDER_NOT_FOUND, StandardBrokerError.from(missing.getCause()).code());
    }
}
