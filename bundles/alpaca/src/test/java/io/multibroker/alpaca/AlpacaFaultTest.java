package io.multibroker.alpaca;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.alpaca.stub.AlpacaStub;
import io.multibroker.alpaca.stub.StubClock;
import io.multibroker.alpaca.stub.StubFaults;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.conformance.Collector;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against the stand-in's scripted faults, and Alpaca's own rules. */
class AlpacaFaultTest {

    private AlpacaStub stub;
    private AlpacaBrokerAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        stub = AlpacaStub.builder().start();
        adapter = new AlpacaBrokerAdapter(StandIn.settings(stub, "alpaca-faults"));
        adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        adapter.deactivate();
        stub.close();
    }

    private OrderResult place(UnifiedOrder order) throws Exception {
        return adapter.placeOrder(order).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static UnifiedOrder buy(String units) {
        return UnifiedOrder.market("AAPL", OrderSide.BUY, new BigDecimal(units)).timeInForce(TimeInForce.GFD).build();
    }

    @Test
    void anOrderWhoseConnectionDroppedAfterAcceptanceIsFoundAndNotResent() throws Exception {
        stub.faults().next(1, StubFaults.Kind.DROP_AFTER_ACCEPT, StubFaults.Target.ORDER_SUBMISSIONS);
        UnifiedOrder order = buy("3");
        OrderResult result = place(order);
        assertTrue(result.status() == OrderStatus.FILLED || result.status() == OrderStatus.ACCEPTED, () -> "result " + result);
        assertEquals(1, adapter.openOrders().toCompletableFuture().get().size() + countFilled(order), "sent once");
    }

    private int countFilled(UnifiedOrder order) throws Exception {
        return adapter.findOrderByClientId(order.clientOrderId()).toCompletableFuture().get().filter(r -> r.status() == OrderStatus.FILLED)
                .isPresent() ? 1 : 0;
    }

    @Test
    void aServerErrorOnSubmissionIsReconciledNotRejected() throws Exception {
        stub.faults().next(1, StubFaults.Kind.SERVER_ERROR, StubFaults.Target.ORDER_SUBMISSIONS);
        OrderResult result = place(buy("1"));
        // the 500 came before the order was taken: nothing to find, so the outcome stays unknown for the operator
        assertEquals(OrderStatus.UNKNOWN, result.status());
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code());
    }

    @Test
    void aMalformedAnswerToAnOrderIsReconciled() throws Exception {
        stub.faults().next(1, StubFaults.Kind.MALFORMED, StubFaults.Target.ORDER_SUBMISSIONS);
        UnifiedOrder order = buy("2");
        OrderResult result = place(order);
        assertEquals(order.clientOrderId(), result.clientOrderId());
        assertTrue(result.status() == OrderStatus.FILLED || result.status() == OrderStatus.ACCEPTED, () -> "result " + result);
    }

    @Test
    void aBurstOf429IsWaitedOutAndTheOrderPlacedOnce() throws Exception {
        stub.faults().next(3, StubFaults.Kind.RATE_LIMITED, StubFaults.Target.ORDER_SUBMISSIONS);
        UnifiedOrder order = buy("1");
        OrderResult result = place(order);
        assertEquals(OrderStatus.FILLED, result.status(), () -> "result " + result);
    }

    @Test
    void aResentClientOrderIdIsAnsweredWithTheFirstOrder() throws Exception {
        UnifiedOrder order = buy("1");
        OrderResult first = place(order);
        OrderResult again = place(order);
        assertEquals(first.brokerOrderId(), again.brokerOrderId(), "the first one landed");
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, again.error().code());
        assertEquals(OrderStatus.FILLED, again.status());
    }

    @Test
    void aClosedMarketRefusesAnIocOrderBeforeSendingAndQueuesADayOrder() throws Exception {
        stub.clock().set(StubClock.Hours.CLOSED);
        adapter.checkHealth().toCompletableFuture().get();
        long before = adapter.requestCount();
        OrderResult ioc = place(UnifiedOrder.market("AAPL", OrderSide.BUY, BigDecimal.ONE).timeInForce(TimeInForce.IOC).build());
        assertEquals(ErrorCode.MARKET_CLOSED, ioc.error().code());
        assertEquals(before, adapter.requestCount());
        OrderResult day = place(buy("1"));
        assertEquals(OrderStatus.ACCEPTED, day.status(), "queued for the open, as Alpaca does");
        // crypto trades around the clock
        OrderResult bitcoin = place(UnifiedOrder.market("BTC_USD", OrderSide.BUY, new BigDecimal("0.001")).timeInForce(TimeInForce.GTC).build());
        assertEquals(OrderStatus.FILLED, bitcoin.status(), () -> "result " + bitcoin);
    }

    @Test
    void cryptoSizeIncrementAndTimeInForceAreCheckedBeforeSending() throws Exception {
        long before = adapter.requestCount();
        OrderResult small = place(UnifiedOrder.market("BTC_USD", OrderSide.BUY, new BigDecimal("0.00001")).timeInForce(TimeInForce.GTC).build());
        assertEquals(ErrorCode.INVALID_QUANTITY, small.error().code());
        OrderResult day = place(UnifiedOrder.market("BTC_USD", OrderSide.BUY, new BigDecimal("0.001")).timeInForce(TimeInForce.GFD).build());
        assertEquals(ErrorCode.UNSUPPORTED_TIME_IN_FORCE, day.error().code());
        OrderResult fractionalLimit = place(UnifiedOrder.limit("AAPL", OrderSide.BUY, new BigDecimal("1.5"), new BigDecimal("100.00"))
                .timeInForce(TimeInForce.GFD).build());
        assertEquals(ErrorCode.INVALID_QUANTITY, fractionalLimit.error().code());
        OrderResult notFractionable = place(UnifiedOrder.market("GME", OrderSide.BUY, new BigDecimal("0.5")).timeInForce(TimeInForce.GFD).build());
        assertEquals(ErrorCode.INVALID_QUANTITY, notFractionable.error().code());
        assertEquals(before, adapter.requestCount(), "all refused before sending");
    }

    @Test
    void alpacaRefusalsKeepTheirCodes() throws Exception {
        OrderResult tooBig = place(UnifiedOrder.market("AAPL", OrderSide.BUY, new BigDecimal("100000")).timeInForce(TimeInForce.GFD).build());
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, tooBig.error().code());
        assertEquals("40310000", tooBig.error().brokerCode());
        OrderResult shortGme = place(UnifiedOrder.market("GME", OrderSide.SELL, BigDecimal.ONE).timeInForce(TimeInForce.GFD).build());
        assertEquals(ErrorCode.INVALID_ORDER, shortGme.error().code(), () -> "" + shortGme.error());
    }

    @Test
    void anOrderInFlightWhenTheAccountClosesIsAnsweredUnknown() throws Exception {
        stub.faults().latency(Duration.ofSeconds(2));
        CompletableFuture<OrderResult> inFlight = adapter.placeOrder(buy("1")).toCompletableFuture();
        // the bundle stops while Alpaca has not answered yet
        adapter.deactivate();
        OrderResult result = inFlight.get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.UNKNOWN, result.status());
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code());
        assertTrue(result.error().message().contains("closed before the order's outcome was known"), result.error().message());
    }

    @Test
    void tradeUpdatesBecomeOrderEventsAndAReconnectIsAGap() throws Exception {
        List<OrderEvent> events = Collector.of(adapter.orderEvents()).items();
        await().atMost(Duration.ofSeconds(10)).until(() -> adapter.tradeUpdates().listening());
        UnifiedOrder order = UnifiedOrder.market("GME", OrderSide.BUY, new BigDecimal("1500")).timeInForce(TimeInForce.GFD).build();
        OrderResult result = place(order);
        assertEquals(OrderStatus.FILLED, result.status(), "the adapter waited for the fill on the stream");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.kind() == OrderEventKind.FILLED
                && order.clientOrderId().equals(e.clientOrderId())));
        assertTrue(events.stream().anyMatch(e -> e.kind() == OrderEventKind.PARTIALLY_FILLED), "a large order fills in parts");
        OrderEvent fill = events.stream().filter(e -> e.kind() == OrderEventKind.FILLED).findFirst().orElseThrow();
        assertNotNull(fill.fillPrice());
        assertEquals("GME", fill.instrument());
        stub.faults().dropTradeStreams();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.kind() == OrderEventKind.GAP));
        await().atMost(Duration.ofSeconds(10)).until(() -> adapter.tradeUpdates().listening());
    }

    @Test
    void aRestingOrderIsReplacedWithANewIdAndCancelled() throws Exception {
        OrderResult placed = place(UnifiedOrder.limit("AAPL", OrderSide.BUY, BigDecimal.ONE, new BigDecimal("150.00")).timeInForce(TimeInForce.GTC)
                .build());
        assertEquals(OrderStatus.ACCEPTED, placed.status());
        OrderResult replaced = adapter.replaceOrder(placed.brokerOrderId(), new OrderReplacement(null, new BigDecimal("151.00"),
                new BigDecimal("2"), null, null, null, null)).toCompletableFuture().get();
        assertTrue(!replaced.brokerOrderId().equals(placed.brokerOrderId()));
        assertEquals(0, new BigDecimal("2").compareTo(replaced.requestedUnits()));
        assertEquals(OrderStatus.CANCELLED, adapter.getOrder(placed.brokerOrderId()).toCompletableFuture().get().status());
        assertEquals(OrderStatus.CANCELLED, adapter.cancelOrder(replaced.brokerOrderId()).toCompletableFuture().get().status());
    }

    @Test
    void aStopLimitAndATrailingStopRestAndAPositionCloses() throws Exception {
        OrderResult stopLimit = place(UnifiedOrder.builder("AAPL", OrderType.STOP_LIMIT, OrderSide.BUY, BigDecimal.ONE)
                .price(new BigDecimal("260.00")).stopPrice(new BigDecimal("250.00")).timeInForce(TimeInForce.GTC).build());
        assertEquals(OrderStatus.ACCEPTED, stopLimit.status(), () -> "" + stopLimit);
        OrderResult trailing = place(UnifiedOrder.builder("AAPL", OrderType.TRAILING_STOP, OrderSide.BUY, BigDecimal.ONE)
                .trailingStopDistance(new BigDecimal("20.00")).timeInForce(TimeInForce.GTC).build());
        assertEquals(OrderStatus.ACCEPTED, trailing.status(), () -> "" + trailing);
        place(UnifiedOrder.market("BTC_USD", OrderSide.BUY, new BigDecimal("0.01")).timeInForce(TimeInForce.GTC).build());
        assertTrue(adapter.positions().toCompletableFuture().get().stream().anyMatch(p -> p.instrument().equals("BTC_USD")),
                "BTCUSD in Alpaca's position answer is BTC_USD here");
        List<OrderResult> closed = adapter.closePosition("BTC_USD").toCompletableFuture().get();
        assertEquals(OrderStatus.FILLED, closed.get(0).status());
        assertTrue(adapter.positions().toCompletableFuture().get().stream().noneMatch(p -> p.instrument().equals("BTC_USD")));
    }
}
