package io.multibroker.oanda;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.conformance.Collector;
import io.multibroker.oanda.stub.OandaStub;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Order events from OANDA's transaction stream, on the stand-in: a resting order's acceptance and cancel, a market
 * order's fill; and across a stream that went silent and was reconnected, every order's events exactly once, in order,
 * the gap filled from transactions/sinceid.
 */
class TransactionStreamTest {

    private OandaStub stub;
    private OandaBrokerAdapter adapter;
    private List<OrderEvent> events;

    @BeforeEach
    void start() throws Exception {
        stub = OandaStub.builder().account(StandIn.ACCOUNT).token(StandIn.TOKEN).heartbeat(Duration.ofMillis(300)).start();
        adapter = StandIn.adapter(stub);
        events = Collector.of(adapter.orderEvents()).items();
        // connect() completes once the transaction stream is open and knows where it starts
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

    private static UnifiedOrder farLimit(String clientOrderId) {
        return UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("100"), new BigDecimal("0.50000")).clientOrderId(clientOrderId).build();
    }

    private List<OrderEventKind> kindsOf(String brokerOrderId) {
        return events.stream().filter(e -> brokerOrderId.equals(e.brokerOrderId())).map(OrderEvent::kind).toList();
    }

    @Test
    void aRestingOrderIsAcceptedThenCancelledAndAMarketOrderFilled() throws Exception {
        OrderResult resting = place(farLimit("tx-1"));
        assertEquals(OrderStatus.ACCEPTED, resting.status(), resting::toString);
        adapter.cancelOrder(resting.brokerOrderId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        OrderResult market = place(UnifiedOrder.market("EUR_USD", OrderSide.SELL, new BigDecimal("100")).clientOrderId("tx-2").build());
        assertEquals(OrderStatus.FILLED, market.status(), market::toString);

        await().atMost(Duration.ofSeconds(10)).until(() -> kindsOf(resting.brokerOrderId()).size() == 2
                && kindsOf(market.brokerOrderId()).size() == 1);
        assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.CANCELLED), kindsOf(resting.brokerOrderId()));
        OrderEvent accepted = events.stream().filter(e -> e.kind() == OrderEventKind.ACCEPTED).findFirst().orElseThrow();
        assertEquals("tx-1", accepted.clientOrderId());
        assertEquals("EUR_USD", accepted.instrument());
        assertEquals(OrderSide.BUY, accepted.side());
        OrderEvent cancelled = events.stream().filter(e -> e.kind() == OrderEventKind.CANCELLED).findFirst().orElseThrow();
        assertEquals("tx-1", cancelled.clientOrderId(), "a cancel names only the order: the rest is remembered from its create");
        assertEquals("CLIENT_REQUEST", cancelled.reason());
        OrderEvent fill = events.stream().filter(e -> e.kind() == OrderEventKind.FILLED).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("100").compareTo(fill.fillUnits()));
        assertEquals(0, market.averageFillPrice().compareTo(fill.fillPrice()));
        assertEquals(OrderSide.SELL, fill.side());
        assertEquals("tx-2", fill.clientOrderId());
    }

    @Test
    void aSilentStreamIsReconnectedAndItsGapFilledWithNothingMissedOrRepeated() throws Exception {
        OrderResult before = place(farLimit("gap-0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kindsOf(before.brokerOrderId()).size() == 1);
        long connections = stub.transactionStreamConnections();
        // the stream goes silent (no transactions, no heartbeats) for longer than the adapter's silence timeout (2 s)
        stub.faults().stallTransactionStream(Duration.ofSeconds(4));
        List<OrderResult> during = restedAndCancelled("gap");
        OrderResult after = place(farLimit("gap-4"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kindsOf(after.brokerOrderId()).size() == 1);

        assertTrue(stub.transactionStreamConnections() > connections, "the silent stream was replaced");
        assertEachToldOnceInOrderWithoutAGap(during);
    }

    /** A transaction cut short, and a line longer than the adapter reads (4 MB). */
    static List<String> junkLines() {
        return List.of("{\"type\": \"ORDER_FILL\", \"id\": ", "x".repeat(4 * 1024 * 1024 + 1));
    }

    /**
     * A line that is not JSON, or too long, ends the connection: the stream is opened again and the transactions after the
     * last one told (written just after the junk) are read over REST, each told once, in order.
     */
    @ParameterizedTest
    @MethodSource("junkLines")
    void aLineThatIsNotATransactionReopensTheStreamAndNothingIsMissedOrRepeated(String junk) throws Exception {
        OrderResult before = place(farLimit("junk-0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kindsOf(before.brokerOrderId()).size() == 1);
        long connections = stub.transactionStreamConnections();
        long gapReads = stub.transactionsSinceReads();
        stub.faults().junkOnTransactionStream(junk);
        List<OrderResult> after = restedAndCancelled("junk");

        assertTrue(stub.transactionStreamConnections() > connections, "the stream was opened again");
        assertTrue(stub.transactionsSinceReads() > gapReads, "what came after the junk was read over REST");
        assertEachToldOnceInOrderWithoutAGap(after);
    }

    /**
     * A transaction that is JSON but whose units are not a number: its event cannot be made, and reading it again over
     * REST would fail the same way. It is told as a GAP marker naming it (its order is to be looked up), the connection
     * stays open, and the transactions after it are told as usual. Before, the failure ended the connection and the
     * transaction was passed over without a word.
     */
    @Test
    void aTransactionWhoseEventCannotBeMadeIsToldAsAGapNamingItAndTheStreamGoesOn() throws Exception {
        OrderResult before = place(farLimit("odd-0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kindsOf(before.brokerOrderId()).size() == 1);
        long connections = stub.transactionStreamConnections();
        long next = stub.lastTransactionId(StandIn.ACCOUNT) + 1;
        // OANDA's transaction `next` as if its units had come garbled; the stand-in then writes its own, which is not told twice
        stub.faults().junkOnTransactionStream("{\"id\":\"" + next + "\",\"type\":\"LIMIT_ORDER\",\"instrument\":\"EUR_USD\","
                + "\"units\":\"1O0\",\"price\":\"0.50000\",\"clientExtensions\":{\"id\":\"odd-1\"}}");
        OrderResult odd = place(farLimit("odd-1"));
        adapter.cancelOrder(odd.brokerOrderId()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> kindsOf(odd.brokerOrderId()).contains(OrderEventKind.CANCELLED));
        List<OrderEvent> gaps = events.stream().filter(e -> e.kind() == OrderEventKind.GAP).toList();
        assertEquals(1, gaps.size(), "one gap marker: " + gaps);
        assertTrue(gaps.get(0).reason().contains("transaction " + next + " of "), gaps.get(0).reason());
        assertTrue(gaps.get(0).reason().contains("order " + odd.brokerOrderId() + ", client order id odd-1"), gaps.get(0).reason());
        assertTrue(gaps.get(0).reason().contains("look the order up"), gaps.get(0).reason());
        assertEquals(List.of(OrderEventKind.CANCELLED), kindsOf(odd.brokerOrderId()), "its acceptance was the garbled transaction");
        assertEquals(connections, stub.transactionStreamConnections(), "the connection stayed open");
    }

    /**
     * A connection that ends halfway through a transaction's line: the half is not taken for anything, the stream is
     * opened again and that transaction and those after it are read over REST, each told once, in order.
     */
    @Test
    void aStreamEndedHalfwayThroughATransactionIsOpenedAgainAndNothingIsMissedOrRepeated() throws Exception {
        OrderResult before = place(farLimit("cut-0"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kindsOf(before.brokerOrderId()).size() == 1);
        long connections = stub.transactionStreamConnections();
        long gapReads = stub.transactionsSinceReads();
        stub.faults().cutTransactionStreamMidLine();
        List<OrderResult> after = restedAndCancelled("cut");

        assertTrue(stub.transactionStreamConnections() > connections, "the stream was opened again");
        assertTrue(stub.transactionsSinceReads() > gapReads, "the transaction cut in half was read over REST");
        assertEachToldOnceInOrderWithoutAGap(after);
    }

    /** Three resting orders placed and cancelled, once the stream has told both events of each. */
    private List<OrderResult> restedAndCancelled(String prefix) throws Exception {
        List<OrderResult> orders = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            OrderResult resting = place(farLimit(prefix + "-" + i));
            adapter.cancelOrder(resting.brokerOrderId()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            orders.add(resting);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> orders.stream().allMatch(o -> kindsOf(o.brokerOrderId()).size() >= 2));
        return orders;
    }

    /** Each order's acceptance and cancel told once, in order; no gap reported; every event in transaction order. */
    private void assertEachToldOnceInOrderWithoutAGap(List<OrderResult> orders) {
        for (OrderResult order : orders) {
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.CANCELLED), kindsOf(order.brokerOrderId()),
                    "each told once, in order: " + order.clientOrderId());
        }
        assertTrue(events.stream().noneMatch(e -> e.kind() == OrderEventKind.GAP), "read again, not reported as a gap");
        List<Long> transactionIds = events.stream().map(e -> Long.parseLong(e.brokerEventId())).toList();
        for (int i = 1; i < transactionIds.size(); i++) {
            assertTrue(transactionIds.get(i) > transactionIds.get(i - 1), "in transaction order, none twice: " + transactionIds);
        }
    }
}
