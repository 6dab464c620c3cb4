package io.multibroker.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Following an order to its end, checked against what an adapter declares: its order events (each declared kind is
 * emitted, in order, for a resting order that fills, a partial fill, a cancel, an expiry and a replace), replace,
 * close position and the list of open orders. Part of {@link BrokerAdapterConformanceTest}; checks that need the
 * broker to move (a fill of a resting order, a partial fill) use hooks that a subclass whose broker is a simulation or
 * a stand-in overrides, and are skipped otherwise.
 */
public interface OrderLifecycleConformance {

    /** How long an event may take to arrive. */
    Duration EVENT_TIMEOUT = Duration.ofSeconds(15);

    /** The connected adapter of the current test. */
    BrokerAdapter adapterUnderTest();

    /** A buy order of the type priced well away from the market, so that it rests. */
    UnifiedOrder restingOrderFarFromMarket(OrderType type, TimeInForce tif) throws Exception;

    /** The smallest whole number of units the test instrument takes. */
    BigDecimal smallestUnits();

    /** The instrument the order tests use. */
    String testInstrument();

    /**
     * Makes the market reach a resting order (it fills as far as the broker's liquidity allows); false when nothing
     * generic can, and the checks that need it are skipped.
     */
    default boolean touchRestingOrder(OrderResult resting) throws Exception {
        return false;
    }

    /** Makes the broker fill resting orders at most this many units at a time; false when it cannot be made to. */
    default boolean limitLiquidity(BigDecimal unitsPerFill) throws Exception {
        return false;
    }

    // ---- declarations ----

    @Test
    default void orderEventsAreOfferedAsDeclared() throws Exception {
        BrokerAdapter adapter = adapterUnderTest();
        if (adapter.capabilities().has(BrokerCapability.ORDER_EVENTS)) {
            assertFalse(adapter.orderEventKinds().isEmpty(), "ORDER_EVENTS declared without the kinds it emits");
            assertFalse(adapter.orderEventKinds().contains(OrderEventKind.GAP), "GAP is a marker, not a kind to declare");
            return;
        }
        Events events = new Events();
        adapter.orderEvents().subscribe(events);
        Throwable failure = events.failure.poll(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(failure, "an adapter without ORDER_EVENTS fails the subscription");
        assertEquals(ErrorCode.UNSUPPORTED_OPERATION, StandardBrokerError.from(failure).code());
    }

    @Test
    default void replaceFollowsTheDeclaration() throws Exception {
        BrokerAdapter adapter = adapterUnderTest();
        assumeTrue(!adapter.capabilities().has(BrokerCapability.REPLACE_ORDERS), "checked with events below");
        assertEquals(ErrorCode.UNSUPPORTED_OPERATION, failureOf(adapter.replaceOrder("1",
                new OrderReplacement(null, BigDecimal.ONE, null, null, null, null, null))).code());
    }

    @Test
    default void closePositionFollowsTheDeclaration() throws Exception {
        BrokerAdapter adapter = adapterUnderTest();
        if (!adapter.capabilities().has(BrokerCapability.CLOSE_POSITION)) {
            assertEquals(ErrorCode.UNSUPPORTED_OPERATION, failureOf(adapter.closePosition(testInstrument())).code());
            return;
        }
        assumeTrue(adapter.capabilities().timeInForce().containsKey(OrderType.MARKET), "needs market orders");
        TimeInForce tif = adapter.capabilities().timeInForce().get(OrderType.MARKET).iterator().next();
        OrderResult bought = done(adapter.placeOrder(UnifiedOrder.market(testInstrument(), OrderSide.BUY, smallestUnits())
                .timeInForce(tif).build()));
        assertEquals(OrderStatus.FILLED, bought.status(), () -> "market buy: " + bought);
        List<OrderResult> closed = done(adapter.closePosition(testInstrument()));
        assertFalse(closed.isEmpty(), "closing an open position closes something");
        closed.forEach(result -> assertEquals(OrderStatus.FILLED, result.status(), () -> "close: " + result));
        List<UnifiedPosition> after = done(adapter.positions());
        assertTrue(after.stream().filter(p -> p.instrument().equals(testInstrument())).allMatch(p -> p.netUnits().signum() == 0
                && p.longUnits().signum() == 0 && p.shortUnits().signum() == 0), () -> "still open: " + after);
        assertNotEquals(ErrorCode.UNKNOWN_ERROR, failureOf(adapter.closePosition(testInstrument())).code(),
                "closing a flat position fails with a code that says why");
    }

    @Test
    default void openOrdersFollowTheDeclaration() throws Exception {
        BrokerAdapter adapter = adapterUnderTest();
        if (!adapter.capabilities().has(BrokerCapability.OPEN_ORDERS)) {
            assertEquals(ErrorCode.UNSUPPORTED_OPERATION, failureOf(adapter.openOrders()).code());
            return;
        }
        assumeTrue(declares(OrderType.LIMIT, TimeInForce.GTC), "needs GTC limit orders");
        OrderResult resting = done(adapter.placeOrder(restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC)));
        assertEquals(OrderStatus.ACCEPTED, resting.status(), () -> "resting: " + resting);
        assertTrue(done(adapter.openOrders()).stream().anyMatch(o -> o.brokerOrderId().equals(resting.brokerOrderId())),
                "a resting order is listed open");
        done(adapter.cancelOrder(resting.brokerOrderId()));
        assertTrue(done(adapter.openOrders()).stream().noneMatch(o -> o.brokerOrderId().equals(resting.brokerOrderId())),
                "a cancelled order is not listed open");
    }

    // ---- events, in order ----

    @Test
    default void aRestingOrderThatFillsEmitsAcceptedThenFilled() throws Exception {
        assumeEvents(OrderEventKind.ACCEPTED, OrderEventKind.FILLED);
        assumeTrue(declares(OrderType.LIMIT, TimeInForce.GTC), "needs GTC limit orders");
        try (Events events = Events.of(adapterUnderTest())) {
            OrderResult resting = done(adapterUnderTest().placeOrder(restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC)));
            assertEquals(OrderStatus.ACCEPTED, resting.status());
            assumeTrue(touchRestingOrder(resting), "the test cannot make the market reach a resting order");
            List<OrderEvent> seen = events.until(resting.brokerOrderId(), OrderEventKind.FILLED);
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.FILLED), kinds(seen));
            OrderEvent fill = seen.get(1);
            assertEquals(0, resting.requestedUnits().compareTo(fill.fillUnits()), "the whole order in one fill");
            assertEquals(0, resting.requestedUnits().compareTo(fill.filledUnits()));
            assertNotNull(fill.fillPrice());
            assertEquals(resting.clientOrderId(), fill.clientOrderId());
            assertEquals(OrderStatus.FILLED, fill.status());
            assertEquals(OrderStatus.FILLED, done(adapterUnderTest().getOrder(resting.brokerOrderId())).status(),
                    "the event and the order agree");
        }
    }

    @Test
    default void aPartialFillEmitsEachFillThenFilled() throws Exception {
        assumeEvents(OrderEventKind.ACCEPTED, OrderEventKind.PARTIALLY_FILLED, OrderEventKind.FILLED);
        assumeTrue(declares(OrderType.LIMIT, TimeInForce.GTC), "needs GTC limit orders");
        UnifiedOrder order = restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC);
        BigDecimal units = smallestUnits().multiply(BigDecimal.valueOf(2));
        UnifiedOrder sized = new UnifiedOrder(null, null, order.instrument(), order.type(), order.side(), units, order.price(), null,
                null, null, order.timeInForce(), null, null, null);
        assumeTrue(limitLiquidity(smallestUnits()), "the test cannot make the broker fill in parts");
        try (Events events = Events.of(adapterUnderTest())) {
            OrderResult resting = done(adapterUnderTest().placeOrder(sized));
            assertEquals(OrderStatus.ACCEPTED, resting.status());
            assumeTrue(touchRestingOrder(resting), "the test cannot make the market reach a resting order");
            events.until(resting.brokerOrderId(), OrderEventKind.PARTIALLY_FILLED);
            assertTrue(touchRestingOrder(resting), "the partly filled order still rests");
            List<OrderEvent> seen = events.until(resting.brokerOrderId(), OrderEventKind.FILLED);
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.PARTIALLY_FILLED, OrderEventKind.FILLED), kinds(seen));
            assertEquals(0, smallestUnits().compareTo(seen.get(1).fillUnits()));
            assertEquals(0, smallestUnits().compareTo(seen.get(1).filledUnits()));
            assertEquals(OrderStatus.PARTIALLY_FILLED, seen.get(1).status());
            assertEquals(0, smallestUnits().compareTo(seen.get(2).fillUnits()));
            assertEquals(0, units.compareTo(seen.get(2).filledUnits()));
        }
    }

    @Test
    default void aCancelEmitsAcceptedThenCancelled() throws Exception {
        assumeEvents(OrderEventKind.ACCEPTED, OrderEventKind.CANCELLED);
        assumeTrue(declares(OrderType.LIMIT, TimeInForce.GTC), "needs GTC limit orders");
        try (Events events = Events.of(adapterUnderTest())) {
            OrderResult resting = done(adapterUnderTest().placeOrder(restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC)));
            done(adapterUnderTest().cancelOrder(resting.brokerOrderId()));
            List<OrderEvent> seen = events.until(resting.brokerOrderId(), OrderEventKind.CANCELLED);
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.CANCELLED), kinds(seen));
            assertEquals(OrderStatus.CANCELLED, seen.get(1).status());
        }
    }

    @Test
    default void anExpiryEmitsAcceptedThenExpired() throws Exception {
        assumeEvents(OrderEventKind.ACCEPTED, OrderEventKind.EXPIRED);
        assumeTrue(declares(OrderType.LIMIT, TimeInForce.GTD), "needs GTD limit orders");
        UnifiedOrder order = restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTD).toBuilder()
                .goodTillTime(Instant.now().plusSeconds(2)).build();
        try (Events events = Events.of(adapterUnderTest())) {
            OrderResult resting = done(adapterUnderTest().placeOrder(order));
            assertEquals(OrderStatus.ACCEPTED, resting.status());
            List<OrderEvent> seen = events.until(resting.brokerOrderId(), OrderEventKind.EXPIRED);
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.EXPIRED), kinds(seen));
            assertEquals(OrderStatus.CANCELLED, seen.get(1).status());
        }
    }

    @Test
    default void aReplaceEmitsReplacedThenTheNewOrderAndLinksThem() throws Exception {
        assumeTrue(adapterUnderTest().capabilities().has(BrokerCapability.REPLACE_ORDERS), "REPLACE_ORDERS not declared");
        assumeEvents(OrderEventKind.ACCEPTED, OrderEventKind.REPLACED);
        assumeTrue(declares(OrderType.LIMIT, TimeInForce.GTC), "needs GTC limit orders");
        UnifiedOrder order = restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC);
        // a little further from the market, at the instrument's precision
        BigDecimal newPrice = order.price().multiply(new BigDecimal("0.99")).setScale(order.price().scale(), RoundingMode.DOWN);
        try (Events events = Events.of(adapterUnderTest())) {
            OrderResult resting = done(adapterUnderTest().placeOrder(order));
            OrderResult replacing = done(adapterUnderTest().replaceOrder(resting.brokerOrderId(),
                    new OrderReplacement(null, newPrice, null, null, null, null, null)));
            assertEquals(OrderStatus.ACCEPTED, replacing.status(), () -> "replacement: " + replacing);
            assertNotEquals(resting.brokerOrderId(), replacing.brokerOrderId(), "a replacement is a new order");
            List<OrderEvent> old = events.until(resting.brokerOrderId(), OrderEventKind.REPLACED);
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.REPLACED), kinds(old));
            assertEquals(replacing.brokerOrderId(), old.get(1).relatedOrderId(), "REPLACED names the order replacing it");
            List<OrderEvent> next = events.until(replacing.brokerOrderId(), OrderEventKind.ACCEPTED);
            assertEquals(resting.brokerOrderId(), next.get(0).relatedOrderId(), "the new order names the order it replaces");
            assertEquals(OrderStatus.CANCELLED, done(adapterUnderTest().getOrder(resting.brokerOrderId())).status());
            OrderResult now = done(adapterUnderTest().getOrder(replacing.brokerOrderId()));
            assertEquals(OrderStatus.ACCEPTED, now.status());
            done(adapterUnderTest().cancelOrder(replacing.brokerOrderId()));
        }
    }

    // ---- helpers ----

    private void assumeEvents(OrderEventKind... kinds) {
        assumeTrue(adapterUnderTest().capabilities().has(BrokerCapability.ORDER_EVENTS), "ORDER_EVENTS not declared");
        assumeTrue(adapterUnderTest().orderEventKinds().containsAll(Set.of(kinds)), "not all of " + List.of(kinds) + " declared");
    }

    private boolean declares(OrderType type, TimeInForce tif) {
        Set<TimeInForce> declared = adapterUnderTest().capabilities().timeInForce().get(type);
        return declared != null && declared.contains(tif);
    }

    private static List<OrderEventKind> kinds(List<OrderEvent> events) {
        return events.stream().map(OrderEvent::kind).toList();
    }

    private static <T> T done(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static StandardBrokerError failureOf(CompletionStage<?> stage) throws Exception {
        try {
            Object value = stage.toCompletableFuture().get(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return StandardBrokerError.from(e.getCause());
        }
    }

    /** Collects an adapter's order events from its subscription on. */
    final class Events implements Flow.Subscriber<OrderEvent>, AutoCloseable {
        private final BlockingQueue<OrderEvent> received = new LinkedBlockingQueue<>();
        private final BlockingQueue<Throwable> failure = new LinkedBlockingQueue<>();
        private final List<OrderEvent> seen = new ArrayList<>();
        private final BlockingQueue<Flow.Subscription> subscription = new LinkedBlockingQueue<>();

        static Events of(BrokerAdapter adapter) throws InterruptedException {
            Events events = new Events();
            adapter.orderEvents().subscribe(events);
            Flow.Subscription subscribed = events.subscription.poll(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(subscribed, "no order event subscription");
            events.subscription.add(subscribed);
            return events;
        }

        /** The order's events, in order, up to the first of the kind; fails when it does not come in time or after a GAP. */
        List<OrderEvent> until(String brokerOrderId, OrderEventKind kind) throws InterruptedException {
            long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
            while (true) {
                List<OrderEvent> mine = seen.stream().filter(e -> brokerOrderId.equals(e.brokerOrderId())).toList();
                for (int i = 0; i < mine.size(); i++) {
                    if (mine.get(i).kind() == kind) {
                        return mine.subList(0, i + 1);
                    }
                }
                long left = deadline - System.nanoTime();
                OrderEvent next = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    fail("no " + kind + " event for order " + brokerOrderId + " within " + EVENT_TIMEOUT + "; its events: " + mine);
                }
                assertNotEquals(OrderEventKind.GAP, next.kind(), "a GAP in a quiet test: events were lost");
                seen.add(next);
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.add(s);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(OrderEvent item) {
            received.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            failure.add(throwable);
        }

        @Override
        public void onComplete() {
            // the adapter closed
        }

        @Override
        public void close() {
            Flow.Subscription s = subscription.peek();
            if (s != null) {
                s.cancel();
            }
        }
    }
}
