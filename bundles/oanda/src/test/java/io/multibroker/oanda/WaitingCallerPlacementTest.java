package io.multibroker.oanda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.CallerWaits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An order of a caller that waits for its answer ({@link CallerWaits}): placed on the caller's thread, and never cut off. */
class WaitingCallerPlacementTest extends ConnectedStandInTest {

    private static UnifiedOrder buy(String clientOrderId) {
        return UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(1000)).clientOrderId(clientOrderId).build();
    }

    @Test
    void theOrderIsPlacedAndAnsweredBeforeTheCallReturns() throws Exception {
        CompletionStage<OrderResult> placed = CallerWaits.whileCalling(() -> adapter.placeOrder(buy("w-1")));
        assertTrue(placed.toCompletableFuture().isDone(), "answered on the caller's thread");
        OrderResult result = placed.toCompletableFuture().get();
        assertEquals(OrderStatus.FILLED, result.status(), result::toString);
        assertEquals(1, stub.ordersWithClientId(StandIn.ACCOUNT, "w-1"));

        // and a cancel of a resting order the same way
        OrderResult resting = CallerWaits.whileCalling(() -> adapter.placeOrder(UnifiedOrder.limit("EUR_USD", OrderSide.BUY,
                BigDecimal.valueOf(1000), new BigDecimal("0.50000")).clientOrderId("w-2").build())).toCompletableFuture().get();
        assertEquals(OrderStatus.ACCEPTED, resting.status(), resting::toString);
        CompletionStage<OrderResult> cancelled = CallerWaits.whileCalling(() -> adapter.cancelOrder(resting.brokerOrderId()));
        assertTrue(cancelled.toCompletableFuture().isDone());
        assertEquals(OrderStatus.CANCELLED, cancelled.toCompletableFuture().get().status());
    }

    @Test
    void closingTheAccountLetsAnOrderInFlightOnTheCallersThreadFinishAndSendsNoMore() throws Exception {
        stub.faults().latency(Duration.ofMillis(500));
        long before = stub.submissionsReceived();
        CompletableFuture<OrderResult> inFlight = CompletableFuture.supplyAsync(() -> CallerWaits.whileCalling(
                () -> adapter.placeOrder(buy("w-3"))).toCompletableFuture().join());
        await().atMost(Duration.ofSeconds(10)).until(() -> stub.submissionsReceived() > before);

        adapter.deactivate();
        OrderResult result = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(OrderStatus.FILLED, result.status(), "its connection was not closed under it: " + result);

        OrderResult after = CallerWaits.whileCalling(() -> adapter.placeOrder(buy("w-4"))).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertNotEquals(OrderStatus.FILLED, after.status(), after::toString);
        assertEquals(0, stub.ordersWithClientId(StandIn.ACCOUNT, "w-4"), "nothing sent after the close");
    }
}
