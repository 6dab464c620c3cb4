package io.multibroker.oanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.oanda.stub.Faults;
import io.multibroker.oanda.stub.OandaStub;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a position closes the sides that are open and only those: OANDA refuses the whole close when it names
 * a flat side ({@code ALL} for it), which on a netting account is always one of the two.
 */
class ClosePositionTest {

    private OandaStub stub;
    private OandaBrokerAdapter adapter;

    private void start(boolean hedging) throws Exception {
        stub = OandaStub.builder().account(StandIn.ACCOUNT).token(StandIn.TOKEN).hedging(hedging).heartbeat(Duration.ofMillis(500)).start();
        adapter = StandIn.adapter(stub);
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.deactivate();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private void place(OrderSide side, int units) throws Exception {
        OrderResult result = adapter.placeOrder(UnifiedOrder.market("EUR_USD", side, BigDecimal.valueOf(units)).build())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(OrderStatus.FILLED, result.status(), result::toString);
    }

    private List<OrderResult> close() throws Exception {
        return adapter.closePosition("EUR_USD").toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aLongPositionOnANettingAccountIsClosed() throws Exception {
        start(false);
        place(OrderSide.BUY, 1000);
        List<OrderResult> closed = close();
        assertEquals(1, closed.size(), closed::toString);
        assertEquals(OrderSide.SELL, closed.get(0).side());
        assertEquals(OrderStatus.FILLED, closed.get(0).status());
        assertEquals(0, new BigDecimal("1000").compareTo(closed.get(0).filledUnits()));
        assertEquals(List.of(), adapter.positions().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    @Test
    void aShortPositionOnANettingAccountIsClosed() throws Exception {
        start(false);
        place(OrderSide.SELL, 700);
        List<OrderResult> closed = close();
        assertEquals(1, closed.size(), closed::toString);
        assertEquals(OrderSide.BUY, closed.get(0).side());
        assertEquals(0, new BigDecimal("700").compareTo(closed.get(0).filledUnits()));
        assertEquals(List.of(), adapter.positions().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    @Test
    void bothSidesOfAHedgedPositionAreClosed() throws Exception {
        start(true);
        place(OrderSide.BUY, 1000);
        place(OrderSide.SELL, 400);
        List<OrderResult> closed = close();
        assertEquals(2, closed.size(), closed::toString);
        assertEquals(List.of(), adapter.positions().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    @Test
    void closingAFlatPositionIsAClearErrorNotAMissingOrder() throws Exception {
        start(false);
        ExecutionException failure = assertThrows(ExecutionException.class, this::close);
        StandardBrokerError error = StandardBrokerError.from(V20Client.unwrap(failure));
        assertEquals(ErrorCode.INVALID_ORDER, error.code(), error::toString);
        assertEquals("CLOSEOUT_POSITION_DOESNT_EXIST", error.brokerCode());
        assertTrue(error.getMessage().contains("no open position in EUR_USD"), error.getMessage());
    }

    @Test
    void aCloseWhoseAnswerIsLostIsAnUnknownOutcomeNamedAsAClose() throws Exception {
        start(false);
        place(OrderSide.BUY, 1000);
        // carried out at OANDA, then the connection closes before any byte of the answer
        stub.faults().next(1, Faults.Kind.DROP_AFTER_ACCEPT, Faults.Target.POSITION_CLOSES);
        ExecutionException failure = assertThrows(ExecutionException.class, this::close);
        StandardBrokerError error = StandardBrokerError.from(V20Client.unwrap(failure));
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, error.code(), error::toString);
        assertTrue(error.getMessage().contains("close of the position in EUR_USD got no answer"), error.getMessage());
        assertEquals("EUR_USD", error.context().instrument(), error::toString);
        assertEquals(List.of(), adapter.positions().toCompletableFuture().get(30, TimeUnit.SECONDS), "it was closed all the same");
    }
}
