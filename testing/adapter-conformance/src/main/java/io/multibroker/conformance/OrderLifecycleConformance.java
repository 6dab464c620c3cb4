package io.multibroker.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.Optional;
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
 * close position and the list of open orders. Part of {@link BrokerAdapterConformanceTest}. What an adapter does not
 * declare is checked too: the operation is refused (UNSUPPORTED_OPERATION, UNSUPPORTED_ORDER_TYPE or
 * UNSUPPORTED_TIME_IN_FORCE), or the undeclared event kind is not emitted. Checks that need the broker to move (a
 * fill of a resting order, a partial fill, the end of the trading day) use hooks that every adapter's test whose
 * adapter declares those events overrides; the defaults return false, and the checks that need them then fail,
 * naming the hook.
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
     * Makes the market reach a resting order (it fills as far as the broker's liquidity allows); needed where the
     * adapter declares ORDER_EVENTS. The default false fails the checks that need it.
     */
    default boolean touchRestingOrder(OrderResult resting) throws Exception {
        return false;
    }

    /**
     * Makes the broker fill resting orders at most this many units at a time; needed where the adapter declares
     * PARTIALLY_FILLED. The default false fails the check that needs it.
     */
    default boolean limitLiquidity(BigDecimal unitsPerFill) throws Exception {
        return false;
    }

    /**
     * Ends the broker's trading day, so that orders for the day (GFD) expire; needed where the adapter declares EXPIRED
     * but not GTD (whose expiry the check sets itself). The default false fails the check that needs it.
     */
    default boolean endTheTradingDay() throws Exception {
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
        assertEventsRefused(adapter);
    }

    /**
     * Where REPLACE_ORDERS is declared, a resting order replaced with a new price and size is a new, accepted order
     * of that size under the client order id given, and the old one is cancelled (cancel-and-replace, as the API
     * documents), so that it can no longer be replaced. Where it is not, replaceOrder is refused.
     */
    @Test
    default void replaceFollowsTheDeclaration() throws Exception {
        BrokerAdapter adapter = adapterUnderTest();
        if (!adapter.capabilities().has(BrokerCapability.REPLACE_ORDERS)) {
            assertEquals(ErrorCode.UNSUPPORTED_OPERATION, failureOf(adapter.replaceOrder("1",
                    new OrderReplacement(null, BigDecimal.ONE, null, null, null, null, null))).code());
            return;
        }
        assertTrue(declares(OrderType.LIMIT, TimeInForce.GTC), "REPLACE_ORDERS declared without GTC limit orders to replace");
        UnifiedOrder order = restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC);
        OrderResult resting = done(adapter.placeOrder(order));
        assertEquals(OrderStatus.ACCEPTED, resting.status(), () -> "resting: " + resting);
        BigDecimal newPrice = order.price().multiply(new BigDecimal("0.99")).setScale(order.price().scale(), RoundingMode.DOWN);
        BigDecimal newUnits = smallestUnits().multiply(BigDecimal.valueOf(2));
        String clientOrderId = "replacing-" + System.nanoTime();
        OrderResult replacing = done(adapter.replaceOrder(resting.brokerOrderId(),
                new OrderReplacement(clientOrderId, newPrice, newUnits, null, null, null, null)));
        assertEquals(OrderStatus.ACCEPTED, replacing.status(), () -> "replacement: " + replacing);
        assertNotEquals(resting.brokerOrderId(), replacing.brokerOrderId(), "a replacement is a new order");
        assertEquals(clientOrderId, replacing.clientOrderId(), "the replacement carries the client order id given");
        assertEquals(0, newUnits.compareTo(replacing.requestedUnits()), () -> "the replacement's size: " + replacing);
        OrderResult now = done(adapter.getOrder(replacing.brokerOrderId()));
        assertEquals(OrderStatus.ACCEPTED, now.status());
        assertEquals(0, newUnits.compareTo(now.requestedUnits()), () -> "the replacing order as the broker has it: " + now);
        OrderResult replaced = done(adapter.getOrder(resting.brokerOrderId()));
        assertEquals(OrderStatus.CANCELLED, replaced.status(), "the replaced order is cancelled");
        assertTrue(replaced.replaced(), () -> "the replaced order says so (reason " + OrderResult.REPLACED + "), whatever the broker's "
                + "words: a cancel racing the replace must not read as done: " + replaced);
        assertCancelFindsItReplaced(adapter, resting.brokerOrderId());
        ErrorCode noLongerResting = failureOf(adapter.replaceOrder(resting.brokerOrderId(),
                new OrderReplacement(null, newPrice, null, null, null, null, null))).code();
        assertTrue(noLongerResting == ErrorCode.ORDER_NOT_FOUND || noLongerResting == ErrorCode.INVALID_ORDER,
                () -> "an order no longer resting cannot be replaced (ORDER_NOT_FOUND or INVALID_ORDER), got " + noLongerResting);
        done(adapter.cancelOrder(replacing.brokerOrderId()));
    }

    @Test
    default void closePositionFollowsTheDeclaration() throws Exception {
        BrokerAdapter adapter = adapterUnderTest();
        if (!adapter.capabilities().has(BrokerCapability.CLOSE_POSITION)) {
            assertEquals(ErrorCode.UNSUPPORTED_OPERATION, failureOf(adapter.closePosition(testInstrument())).code());
            return;
        }
        assertTrue(adapter.capabilities().timeInForce().containsKey(OrderType.MARKET), "CLOSE_POSITION declared without market orders");
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
        assertTrue(declares(OrderType.LIMIT, TimeInForce.GTC), "OPEN_ORDERS declared without GTC limit orders to rest");
        OrderResult resting = done(adapter.placeOrder(restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC)));
        assertEquals(OrderStatus.ACCEPTED, resting.status(), () -> "resting: " + resting);
        List<OrderResult> open = done(adapter.openOrders());
        OrderResult listed = open.stream().filter(o -> o.brokerOrderId().equals(resting.brokerOrderId())).findFirst()
                .orElseThrow(() -> new AssertionError("a resting order is listed open: " + open));
        assertEquals(OrderStatus.ACCEPTED, listed.status());
        assertEquals(resting.clientOrderId(), listed.clientOrderId());
        assertEquals(0, resting.requestedUnits().compareTo(listed.requestedUnits()));
        assertTrue(open.stream().allMatch(o -> o.status() == OrderStatus.ACCEPTED || o.status() == OrderStatus.PARTIALLY_FILLED),
                () -> "only open orders are listed open: " + open);
        done(adapter.cancelOrder(resting.brokerOrderId()));
        assertTrue(done(adapter.openOrders()).stream().noneMatch(o -> o.brokerOrderId().equals(resting.brokerOrderId())),
                "a cancelled order is not listed open");
    }

    // ---- events, in order ----

    @Test
    default void aRestingOrderThatFillsEmitsAcceptedThenFilled() throws Exception {
        if (!eventsFollowed(OrderEventKind.ACCEPTED, OrderEventKind.FILLED) || !restingLimitsRefusedUnlessDeclared(TimeInForce.GTC)) {
            return;
        }
        try (Events events = Events.of(adapterUnderTest())) {
            UnifiedOrder order = restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC);
            OrderResult resting = done(adapterUnderTest().placeOrder(order));
            assertEquals(OrderStatus.ACCEPTED, resting.status());
            assertTrue(touchRestingOrder(resting), "the test cannot make the market reach a resting order: override touchRestingOrder");
            List<OrderEvent> seen = events.until(resting.brokerOrderId(), OrderEventKind.FILLED);
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.FILLED), kinds(seen));
            OrderEvent fill = seen.get(1);
            assertEquals(0, resting.requestedUnits().compareTo(fill.fillUnits()), "the whole order in one fill");
            assertEquals(0, resting.requestedUnits().compareTo(fill.filledUnits()));
            assertNotNull(fill.fillPrice());
            assertTrue(fill.fillPrice().compareTo(order.price()) <= 0, () -> "a buy limit filled above its limit: " + fill);
            assertEquals(resting.clientOrderId(), fill.clientOrderId());
            assertEquals(OrderStatus.FILLED, fill.status());
            assertEquals(OrderStatus.FILLED, done(adapterUnderTest().getOrder(resting.brokerOrderId())).status(),
                    "the event and the order agree");
        }
    }

    /**
     * Where PARTIALLY_FILLED is declared, an order that the broker fills in two parts emits each fill; where it is not,
     * the adapter's broker fills an order whole: an order of two lots fills in one event, with no PARTIALLY_FILLED.
     */
    @Test
    default void aPartialFillEmitsEachFillThenFilled() throws Exception {
        if (!eventsFollowed(OrderEventKind.ACCEPTED, OrderEventKind.FILLED) || !restingLimitsRefusedUnlessDeclared(TimeInForce.GTC)) {
            return;
        }
        UnifiedOrder order = restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC);
        BigDecimal units = smallestUnits().multiply(BigDecimal.valueOf(2));
        UnifiedOrder sized = new UnifiedOrder(null, null, order.instrument(), order.type(), order.side(), units, order.price(), null,
                null, null, order.timeInForce(), null, null, null);
        boolean partsDeclared = adapterUnderTest().orderEventKinds().contains(OrderEventKind.PARTIALLY_FILLED);
        if (partsDeclared) {
            assertTrue(limitLiquidity(smallestUnits()), "PARTIALLY_FILLED declared, yet the test cannot make the broker fill in parts:"
                    + " override limitLiquidity");
        }
        try (Events events = Events.of(adapterUnderTest())) {
            OrderResult resting = done(adapterUnderTest().placeOrder(sized));
            assertEquals(OrderStatus.ACCEPTED, resting.status());
            assertTrue(touchRestingOrder(resting), "the test cannot make the market reach a resting order: override touchRestingOrder");
            if (!partsDeclared) {
                List<OrderEvent> seen = events.until(resting.brokerOrderId(), OrderEventKind.FILLED);
                assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.FILLED), kinds(seen),
                        "PARTIALLY_FILLED is not declared: the order fills whole, in one event");
                assertEquals(0, units.compareTo(seen.get(1).fillUnits()));
                assertEquals(0, units.compareTo(seen.get(1).filledUnits()));
                return;
            }
            events.until(resting.brokerOrderId(), OrderEventKind.PARTIALLY_FILLED);
            // the rest fills when the market reaches the order again; a broker whose market still stands there may have
            // filled it already (then there is nothing left to touch), and either way FILLED must follow
            touchRestingOrder(resting);
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
        if (!eventsFollowed(OrderEventKind.ACCEPTED, OrderEventKind.CANCELLED) || !restingLimitsRefusedUnlessDeclared(TimeInForce.GTC)) {
            return;
        }
        try (Events events = Events.of(adapterUnderTest())) {
            OrderResult resting = done(adapterUnderTest().placeOrder(restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC)));
            done(adapterUnderTest().cancelOrder(resting.brokerOrderId()));
            List<OrderEvent> seen = events.until(resting.brokerOrderId(), OrderEventKind.CANCELLED);
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.CANCELLED), kinds(seen));
            assertEquals(OrderStatus.CANCELLED, seen.get(1).status());
        }
    }

    /**
     * A resting order whose time in force runs out emits ACCEPTED then EXPIRED: a GTD order given a two-second expiry
     * where GTD is declared, else an order for the day at the end of the trading day ({@link #endTheTradingDay()}).
     * Where neither GTD nor EXPIRED is declared, a GTD order is refused; GTD without EXPIRED is a declaration that lies.
     */
    @Test
    default void anExpiryEmitsAcceptedThenExpired() throws Exception {
        if (!eventsFollowed(OrderEventKind.ACCEPTED)) {
            return;
        }
        boolean gtd = declares(OrderType.LIMIT, TimeInForce.GTD);
        if (!adapterUnderTest().orderEventKinds().contains(OrderEventKind.EXPIRED)) {
            assertFalse(gtd, "GTD limit orders are declared, whose expiry is an event, yet EXPIRED is not declared");
            restingLimitsRefusedUnlessDeclared(TimeInForce.GTD);
            return;
        }
        if (!gtd && !restingLimitsRefusedUnlessDeclared(TimeInForce.GFD)) {
            fail("EXPIRED declared, yet neither GTD nor GFD limit orders, which could expire");
        }
        UnifiedOrder order = gtd ? restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTD).toBuilder()
                .goodTillTime(Instant.now().plusSeconds(2)).build() : restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GFD);
        try (Events events = Events.of(adapterUnderTest())) {
            OrderResult resting = done(adapterUnderTest().placeOrder(order));
            assertEquals(OrderStatus.ACCEPTED, resting.status());
            if (!gtd) {
                assertTrue(endTheTradingDay(), "EXPIRED declared without GTD: the test must end the trading day (override endTheTradingDay)");
            }
            List<OrderEvent> seen = events.until(resting.brokerOrderId(), OrderEventKind.EXPIRED);
            assertEquals(List.of(OrderEventKind.ACCEPTED, OrderEventKind.EXPIRED), kinds(seen));
            assertEquals(OrderStatus.CANCELLED, seen.get(1).status());
            assertEquals(OrderStatus.CANCELLED, done(adapterUnderTest().getOrder(resting.brokerOrderId())).status(),
                    "the event and the order agree");
        }
    }

    @Test
    default void aReplaceEmitsReplacedThenTheNewOrderAndLinksThem() throws Exception {
        if (!adapterUnderTest().capabilities().has(BrokerCapability.REPLACE_ORDERS)) {
            // the refusal of a real resting order's replacement where one can rest, else of any id
            Optional<OrderResult> resting = declares(OrderType.LIMIT, TimeInForce.GTC)
                    ? Optional.of(done(adapterUnderTest().placeOrder(restingOrderFarFromMarket(OrderType.LIMIT, TimeInForce.GTC))))
                    : Optional.empty();
            String id = resting.map(OrderResult::brokerOrderId).orElse("1");
            assertEquals(ErrorCode.UNSUPPORTED_OPERATION, failureOf(adapterUnderTest().replaceOrder(id,
                    new OrderReplacement(null, null, smallestUnits().multiply(BigDecimal.valueOf(2)), null, null, null, null))).code());
            if (resting.isPresent()) {
                assertEquals(OrderStatus.ACCEPTED, done(adapterUnderTest().getOrder(id)).status(), "a refused replace leaves the order");
            }
            return;
        }
        if (!eventsFollowed(OrderEventKind.ACCEPTED, OrderEventKind.REPLACED)) {
            return;
        }
        assertTrue(declares(OrderType.LIMIT, TimeInForce.GTC), "REPLACE_ORDERS declared without GTC limit orders to replace");
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
            assertEquals(OrderResult.REPLACED, old.get(1).reason(), "REPLACED has the reason its look-up gives, whatever the broker's words");
            List<OrderEvent> next = events.until(replacing.brokerOrderId(), OrderEventKind.ACCEPTED);
            assertEquals(resting.brokerOrderId(), next.get(0).relatedOrderId(), "the new order names the order it replaces");
            assertEquals(OrderStatus.CANCELLED, done(adapterUnderTest().getOrder(resting.brokerOrderId())).status());
            OrderResult now = done(adapterUnderTest().getOrder(replacing.brokerOrderId()));
            assertEquals(OrderStatus.ACCEPTED, now.status());
            done(adapterUnderTest().cancelOrder(replacing.brokerOrderId()));
        }
    }

    // ---- helpers ----

    /**
     * Whether the adapter's events can be followed through these kinds: true where ORDER_EVENTS and the kinds are
     * declared; false, having checked that a subscription is refused, where ORDER_EVENTS is not; a failure where
     * ORDER_EVENTS is declared without a kind every order's life has.
     */
    private boolean eventsFollowed(OrderEventKind... kinds) throws Exception {
        BrokerAdapter adapter = adapterUnderTest();
        if (!adapter.capabilities().has(BrokerCapability.ORDER_EVENTS)) {
            assertEventsRefused(adapter);
            return false;
        }
        assertTrue(adapter.orderEventKinds().containsAll(Set.of(kinds)), () -> "ORDER_EVENTS declared without " + List.of(kinds)
                + ", which an order's life needs: declared " + adapter.orderEventKinds());
        return true;
    }

    /**
     * Whether a resting limit order with this time in force is declared; where it is not, checks that one is refused
     * before sending (UNSUPPORTED_ORDER_TYPE without limit orders, UNSUPPORTED_TIME_IN_FORCE without the time in force).
     */
    private boolean restingLimitsRefusedUnlessDeclared(TimeInForce tif) throws Exception {
        if (declares(OrderType.LIMIT, tif)) {
            return true;
        }
        BrokerAdapter adapter = adapterUnderTest();
        boolean limits = adapter.capabilities().timeInForce().containsKey(OrderType.LIMIT);
        UnifiedOrder.Builder order = UnifiedOrder.limit(testInstrument(), OrderSide.BUY, smallestUnits(), BigDecimal.ONE).timeInForce(tif);
        if (tif == TimeInForce.GTD) {
            order.goodTillTime(Instant.now().plus(Duration.ofHours(1)));
        }
        OrderResult refused = done(adapter.placeOrder(order.build()));
        assertEquals(OrderStatus.REJECTED, refused.status(), () -> "an undeclared LIMIT " + tif + " order came back " + refused);
        assertEquals(limits ? ErrorCode.UNSUPPORTED_TIME_IN_FORCE : ErrorCode.UNSUPPORTED_ORDER_TYPE, refused.error().code(),
                () -> "refusal: " + refused.error());
        return false;
    }

    /** An adapter without ORDER_EVENTS fails an event subscription with UNSUPPORTED_OPERATION. */
    private static void assertEventsRefused(BrokerAdapter adapter) throws InterruptedException {
        Events events = new Events();
        adapter.orderEvents().subscribe(events);
        Throwable failure = events.failure.poll(EVENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(failure, "an adapter without ORDER_EVENTS fails the subscription");
        assertEquals(ErrorCode.UNSUPPORTED_OPERATION, StandardBrokerError.from(failure).code());
    }


    private boolean declares(OrderType type, TimeInForce tif) {
        Set<TimeInForce> declared = adapterUnderTest().capabilities().timeInForce().get(type);
        return declared != null && declared.contains(tif);
    }

    private static List<OrderEventKind> kinds(List<OrderEvent> events) {
        return events.stream().map(OrderEvent::kind).toList();
    }

    /**
     * A cancel that reaches an order after its replace (as one racing the replace does) is refused, or answers the order
     * replaced: never a plain CANCELLED, which a caller would read as its cancel done while the replacement works on.
     */
    private static void assertCancelFindsItReplaced(BrokerAdapter adapter, String replacedOrderId) throws Exception {
        OrderResult answered;
        try {
            answered = done(adapter.cancelOrder(replacedOrderId));
        } catch (ExecutionException refused) {
            return;
        }
        assertTrue(answered.replaced(), () -> "a cancel of an order already replaced answered " + answered);
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
