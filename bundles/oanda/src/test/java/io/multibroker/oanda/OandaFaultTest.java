package io.multibroker.oanda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.oanda.stub.Faults;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Faults scripted into the stand-in; every test is bounded in orders and time. */
class OandaFaultTest extends ConnectedStandInTest {

    private static final int ORDERS = 20;

    private static UnifiedOrder market(String clientId) {
        return UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(1000)).clientOrderId(clientId).build();
    }

    private OrderResult place(UnifiedOrder order) throws Exception {
        return adapter.placeOrder(order).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void assertExactlyOnce(List<String> clientIds) {
        for (String id : clientIds) {
            assertEquals(1, stub.ordersWithClientId(StandIn.ACCOUNT, id), "orders at the stand-in with client id " + id);
        }
    }

    @Test
    void ambiguousSubmissionsAreReconciledAndNeverResent() throws Exception {
        stub.faults().next(ORDERS, Faults.Kind.DROP_AFTER_ACCEPT, Faults.Target.ORDER_SUBMISSIONS);
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<OrderResult>> results = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            ids.add("ambiguous-" + i);
            results.add(adapter.placeOrder(market("ambiguous-" + i)).toCompletableFuture());
        }
        for (CompletableFuture<OrderResult> result : results) {
            OrderResult reconciled = result.get(30, TimeUnit.SECONDS);
            assertEquals(OrderStatus.FILLED, reconciled.status(), () -> "reconciled as " + reconciled);
            assertNotNull(reconciled.brokerOrderId());
            assertTrue(reconciled.averageFillPrice().signum() > 0);
        }
        assertEquals(ORDERS, stub.orderSubmissions(StandIn.ACCOUNT), "every order was posted exactly once");
        assertExactlyOnce(ids);
    }

    @Test
    void withoutAClientIdLookupTheTransactionsSinceTheLastKnownOneReconcile() throws Exception {
        stub.faults().clientIdsOfPendingOrdersOnly(true).next(5, Faults.Kind.DROP_AFTER_ACCEPT, Faults.Target.ORDER_SUBMISSIONS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add("by-transactions-" + i);
            OrderResult reconciled = place(market("by-transactions-" + i));
            assertEquals(OrderStatus.FILLED, reconciled.status(), reconciled::toString);
            assertEquals("by-transactions-" + i, reconciled.clientOrderId());
        }
        assertEquals(5, stub.orderSubmissions(StandIn.ACCOUNT));
        assertExactlyOnce(ids);
    }

    @Test
    void malformedAndTruncatedOrderAnswersAreReconciled() throws Exception {
        stub.faults().next(1, Faults.Kind.MALFORMED, Faults.Target.ORDER_SUBMISSIONS)
                .next(1, Faults.Kind.TRUNCATED, Faults.Target.ORDER_SUBMISSIONS);
        OrderResult first = place(market("malformed-1"));
        OrderResult second = place(market("truncated-1"));
        assertEquals(OrderStatus.FILLED, first.status(), first::toString);
        assertEquals(OrderStatus.FILLED, second.status(), second::toString);
        assertEquals(2, stub.orderSubmissions(StandIn.ACCOUNT));
        assertExactlyOnce(List.of("malformed-1", "truncated-1"));
    }

    @Test
    void anOrderLostBeforeOandaActedStaysUnknownAndIsNotResent() throws Exception {
        // a 503 before the order reaches the matching model: there is nothing to find, and nothing may be resent
        stub.faults().next(1, Faults.Kind.SERVER_ERROR, Faults.Target.ORDER_SUBMISSIONS);
        OrderResult result = place(market("lost-1"));
        assertEquals(OrderStatus.UNKNOWN, result.status(), result::toString);
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code());
        assertTrue(result.error().message().contains("not resent"), result.error().message());
        assertEquals(0, stub.orderSubmissions(StandIn.ACCOUNT), "the order was never resent");
        assertEquals(0, stub.ordersWithClientId(StandIn.ACCOUNT, "lost-1"));
    }

    @Test
    void aRateLimitBurstSlowsTheClientAndFailsNothing() throws Exception {
        long before = stub.restRequests();
        stub.faults().next(6, Faults.Kind.RATE_LIMITED, Faults.Target.ANY);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add("burst-" + i);
            assertEquals(OrderStatus.FILLED, place(market("burst-" + i)).status());
        }
        assertNotNull(adapter.accountSummary().toCompletableFuture().get(30, TimeUnit.SECONDS).balance());
        assertEquals(4, adapter.positions().toCompletableFuture().get(30, TimeUnit.SECONDS).get(0).longUnits().intValue() / 1000);
        assertTrue(stub.restRequests() - before >= 6 + 4 + 2, "the 429s were answered by retrying after a backoff");
        assertEquals(4, stub.orderSubmissions(StandIn.ACCOUNT));
        assertExactlyOnce(ids);
    }

    @Test
    void aMalformedReadIsAProtocolErrorAndTheAdapterKeepsWorking() throws Exception {
        stub.faults().next(1, Faults.Kind.MALFORMED, Faults.Target.READS).next(1, Faults.Kind.TRUNCATED, Faults.Target.READS);
        for (int i = 0; i < 2; i++) {
            ExecutionException failure = Assertions.assertThrows(ExecutionException.class,
                    () -> adapter.accountSummary().toCompletableFuture().get(30, TimeUnit.SECONDS));
            StandardBrokerError error = StandardBrokerError.from(V20Client.unwrap(failure));
            assertEquals(ErrorCode.BROKER_PROTOCOL_ERROR, error.code(), error::toString);
        }
        assertNotNull(adapter.accountSummary().toCompletableFuture().get(30, TimeUnit.SECONDS).balance());
        assertEquals(OrderStatus.FILLED, place(market("after-malformed")).status());
    }

    @Test
    void serverErrorsOnReadsAreRetried() throws Exception {
        stub.faults().next(3, Faults.Kind.SERVER_ERROR, Faults.Target.READS);
        assertNotNull(adapter.accountSummary().toCompletableFuture().get(30, TimeUnit.SECONDS).balance());
    }

    @Test
    void aRejectKeepsOandasCodeAndAnAcceptedThenCancelledOrderSaysWhy() throws Exception {
        // more than the margin can carry: OANDA accepts, then cancels with INSUFFICIENT_MARGIN
        OrderResult cancelled = place(UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal("50000000")).build());
        assertEquals(OrderStatus.CANCELLED, cancelled.status());
        assertEquals("INSUFFICIENT_MARGIN", cancelled.reason());
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, cancelled.error().code());
        assertEquals("INSUFFICIENT_MARGIN", cancelled.error().brokerCode());
        // a GTD time already past passes the adapter's checks and is refused by OANDA
        OrderResult rejected = place(UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.valueOf(1000), new BigDecimal("1.00000"))
                .timeInForce(TimeInForce.GTD).goodTillTime(Instant.now().minusSeconds(60)).build());
        assertEquals(OrderStatus.REJECTED, rejected.status());
        assertEquals("TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST", rejected.error().brokerCode());
        assertEquals(ErrorCode.INVALID_ORDER, rejected.error().code());
    }

    @Test
    void aWrongTokenIsAnAuthenticationFailure() throws Exception {
        OandaBrokerAdapter wrong = StandIn.adapter(stub, "not-the-token", Duration.ofSeconds(5), Duration.ofSeconds(2));
        try {
            ExecutionException failure = Assertions.assertThrows(ExecutionException.class,
                    () -> wrong.connect().toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertEquals(ErrorCode.AUTHENTICATION_FAILED, StandardBrokerError.from(V20Client.unwrap(failure)).code());
            assertFalse(String.valueOf(failure).contains("not-the-token"), "the token is not in the error");
        } finally {
            wrong.deactivate();
        }
    }

    @Test
    void positionsTradesAndClosingAPosition() throws Exception {
        place(market("open-1"));
        place(UnifiedOrder.market("EUR_USD", OrderSide.SELL, BigDecimal.valueOf(400)).build());
        var trades = adapter.openTrades().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(1, trades.size());
        assertEquals(0, new BigDecimal("600").compareTo(trades.get(0).openUnits()), "netting reduced the trade: " + trades);
        List<OrderResult> closed = adapter.closePosition("EUR_USD").toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(1, closed.size());
        assertEquals(OrderStatus.FILLED, closed.get(0).status());
        assertEquals(OrderSide.SELL, closed.get(0).side());
        assertEquals(List.of(), adapter.positions().toCompletableFuture().get(30, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.openTrades().toCompletableFuture().get().isEmpty());
    }
}
