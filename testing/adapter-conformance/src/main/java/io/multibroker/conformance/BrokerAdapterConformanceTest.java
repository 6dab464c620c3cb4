package io.multibroker.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.capability.TradingSession;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The behaviour every {@link BrokerAdapter} owes its callers, checked against what it declares.
 * Every adapter's tests extend this class (as LEAN's brokerage plugins extend BrokerageTests):
 * <ul>
 * <li>for each capability it declares, the behaviour is there;</li>
 * <li>for each order type or time in force it does not declare, an order is refused with
 * UNSUPPORTED_ORDER_TYPE / UNSUPPORTED_TIME_IN_FORCE before any call to the broker;</li>
 * <li>an unknown instrument, a size or price beyond the instrument's limits are refused with
 * INVALID_SYMBOL, INVALID_QUANTITY, INVALID_PRICE before any call to the broker;</li>
 * <li>an order whose answer is lost after the broker accepted it is neither REJECTED nor failed with a
 * retryable code ({@link #loseTheNextOrderAnswer()} provokes it), nor is one that the broker carries out only after the
 * adapter stopped waiting for its answer ({@link #executeTheNextOrderLate()}): once its request may have left, an
 * order is never failed with a retryable code;</li>
 * <li>a declared trading session is kept: what must execute now is refused as MARKET_CLOSED while it is closed, and
 * an adapter without one never refuses by the hours on its own;</li>
 * <li>orders are followed to their end as declared: see {@link OrderLifecycleConformance}.</li>
 * </ul>
 * No check is skipped: what is not declared is checked to be refused. Subclasses give a fresh, connected adapter per
 * test, a count of the requests it made to its broker, and the hooks through which the checks make the broker move;
 * a hook a check needs and the subclass left at its default fails that check, naming the hook.
 */
public abstract class BrokerAdapterConformanceTest implements OrderLifecycleConformance {

    /** How long any one call may take before the test fails. */
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    protected BrokerAdapter adapter;

    /** A new adapter on a fresh account, not yet connected. */
    protected abstract BrokerAdapter createAdapter() throws Exception;

    /** How many requests the adapter has sent to its broker so far (orders, cancels, lookups). */
    protected abstract long brokerRequestCount();

    /**
     * Makes the broker carry out the next order submission and lose its answer on the way back (the connection
     * drops after the broker accepted the order): the one case where the adapter cannot know whether its order
     * was placed. Nothing generic can reach into a broker, so every adapter's test overrides this (its broker is a
     * stand-in or a simulation), arms the fault and returns true; the default false fails the check that needs it,
     * naming this hook.
     */
    protected boolean loseTheNextOrderAnswer() throws Exception {
        return false;
    }

    /**
     * Makes the broker take the next order submission without answering it and carry it out only later, after the
     * adapter stopped waiting for its answer (the connection drops, or the answer is slower than the adapter's timeout,
     * and the execution is delayed by more than a first lookup's round trip): an adapter that looks the order up once,
     * finds nothing and calls it a refusal has told the runtime to send an order again that is about to be placed. Every
     * adapter's test overrides this, arms the fault and returns true; the default false fails the check that needs it,
     * naming this hook.
     */
    protected boolean executeTheNextOrderLate() throws Exception {
        return false;
    }

    /**
     * Makes the broker's regular session of the test instrument's market closed, and the adapter know it (its
     * capabilities' trading session). Needed only where the adapter declares a trading session for the test
     * instrument's asset class (instruments without one trade around the clock); there the default false fails the
     * market-hours checks, naming this hook.
     */
    protected boolean closeTheMarket() throws Exception {
        return false;
    }

    /**
     * Makes the broker's regular session of the test instrument's market open, and the adapter know it; needed only
     * where a declared order is refused as MARKET_CLOSED while the session is closed (default false: the check fails
     * naming this hook).
     */
    protected boolean openTheMarket() throws Exception {
        return false;
    }

    /** Releases what {@link #createAdapter()} made. */
    protected void destroyAdapter(BrokerAdapter toDestroy) throws Exception {
        await(toDestroy.disconnect());
    }

    /** The instrument the order tests use; it must be among the adapter's declared instruments. */
    protected String instrument() {
        return adapter.capabilities().instruments().keySet().iterator().next();
    }

    // ---- what OrderLifecycleConformance checks with ----

    @Override
    public BrokerAdapter adapterUnderTest() {
        return adapter;
    }

    @Override
    public UnifiedOrder restingOrderFarFromMarket(OrderType type, TimeInForce tif) throws Exception {
        return farFromMarket(type, tif);
    }

    @Override
    public BigDecimal smallestUnits() {
        return minimumUnits();
    }

    @Override
    public String testInstrument() {
        return instrument();
    }

    @BeforeEach
    void connectAdapter() throws Exception {
        adapter = createAdapter();
        await(adapter.connect());
    }

    @AfterEach
    void disconnectAdapter() throws Exception {
        if (adapter != null) {
            destroyAdapter(adapter);
        }
    }

    // ---- identity and declarations ----

    @Test
    void identifiesItself() {
        assertFalse(adapter.brokerType() == null || adapter.brokerType().isBlank(), "broker type");
        assertFalse(adapter.accountId() == null || adapter.accountId().isBlank(), "account id");
    }

    @Test
    void declaresAtLeastOneOrderTypeAndInstrument() {
        BrokerCapabilities capabilities = adapter.capabilities();
        assertFalse(capabilities.timeInForce().isEmpty(), "no order type declared");
        assertFalse(capabilities.instruments().isEmpty(), "no instrument declared");
        assertTrue(capabilities.instruments().containsKey(instrument()), "test instrument not declared: " + instrument());
    }

    @Test
    void declaredInstrumentsMatchTheInstrumentList() throws Exception {
        List<Instrument> listed = await(adapter.instruments());
        Set<String> symbols = new TreeSet<>();
        listed.forEach(i -> symbols.add(i.symbol()));
        assertEquals(adapter.capabilities().instruments().keySet(), symbols);
    }

    @Test
    void reportsHealthyWhenConnected() throws Exception {
        assertEquals(HealthStatus.UP, await(adapter.checkHealth()).status());
    }

    @Test
    void summarizesTheAccount() throws Exception {
        var summary = await(adapter.accountSummary());
        assertEquals(adapter.accountId(), summary.accountId());
        assertNotNull(summary.balance());
        assertNotNull(summary.currency());
        assertEquals(adapter.capabilities().has(BrokerCapability.HEDGING), summary.hedgingEnabled(),
                "hedgingEnabled must agree with the HEDGING capability");
    }

    // ---- what is declared works ----

    @TestFactory
    Stream<DynamicTest> everyDeclaredOrderTypeAndTimeInForceIsAccepted() {
        List<DynamicTest> tests = new ArrayList<>();
        adapter.capabilities().timeInForce().forEach((type, tifs) -> tifs.forEach(tif ->
                tests.add(dynamicTest(type + " " + tif, () -> {
                    OrderResult first = await(adapter.placeOrder(workableOrder(type, tif)));
                    assertNotEquals(OrderStatus.UNKNOWN, first.status(), () -> "unknown outcome: " + first.error());
                    // declared, but not at this hour (an at-the-open order once the session has opened): it must be
                    // taken once the session is in the other state
                    OrderResult result = refusedByTheHours(first) ? inTheOtherSession(type, tif, first) : first;
                    if (result.status() == OrderStatus.REJECTED) {
                        assertFalse(result.error().code() == ErrorCode.UNSUPPORTED_ORDER_TYPE
                                || result.error().code() == ErrorCode.UNSUPPORTED_TIME_IN_FORCE,
                                () -> "declared, yet refused as unsupported: " + result.error());
                        fail("declared order refused: " + result.error());
                    }
                }))));
        return tests.stream();
    }

    private boolean refusedByTheHours(OrderResult result) {
        return result.status() == OrderStatus.REJECTED && result.error().code() == ErrorCode.MARKET_CLOSED
                && sessionOfTheTestInstrument().isPresent();
    }

    /**
     * A declared order that the market's hours refused now (MARKET_CLOSED before sending, as the declared session
     * says), placed again once the session is in its other state: there it must be taken, or the declaration lies.
     */
    private OrderResult inTheOtherSession(OrderType type, TimeInForce tif, OrderResult refused) throws Exception {
        // priced now: a closed market may quote nothing
        UnifiedOrder order = workableOrder(type, tif);
        boolean openNow = sessionOfTheTestInstrument().orElseThrow().openAt(Instant.now());
        if (openNow) {
            assertTrue(closeTheMarket(), () -> type + " " + tif + " is refused while the market is open (" + refused.error()
                    + "), and this adapter's test cannot close it to place it when it is taken: override closeTheMarket");
        } else {
            assertTrue(openTheMarket(), () -> type + " " + tif + " is refused while the market is closed (" + refused.error()
                    + "), and this adapter's test cannot open it to place it when it is taken: override openTheMarket");
        }
        try {
            OrderResult again = await(adapter.placeOrder(order));
            assertNotEquals(OrderStatus.UNKNOWN, again.status(), () -> "unknown outcome: " + again.error());
            return again;
        } finally {
            // the other declared orders of this factory are placed in the session as it was
            assertTrue(openNow ? openTheMarket() : closeTheMarket(), () -> "the session could not be put back: override "
                    + (openNow ? "openTheMarket" : "closeTheMarket"));
        }
    }

    /** The trading session the adapter declares for the test instrument's asset class; empty: it trades around the clock. */
    private Optional<TradingSession> sessionOfTheTestInstrument() {
        Instrument instrument = adapter.capabilities().instruments().get(instrument());
        return Optional.ofNullable(adapter.capabilities().sessions().get(instrument.type()));
    }

    @Test
    void marketOrderFillsWithPriceAndUnits() throws Exception {
        if (!adapter.capabilities().has(BrokerCapability.MARKET_ORDERS)) {
            assertRefusedBeforeSending(orderOfAnyShape(OrderType.MARKET, TimeInForce.FOK), ErrorCode.UNSUPPORTED_ORDER_TYPE);
            return;
        }
        UnifiedOrder order = workableOrder(OrderType.MARKET, anyTif(OrderType.MARKET));
        OrderResult result = await(adapter.placeOrder(order));
        assertEquals(OrderStatus.FILLED, result.status(), () -> "result: " + result);
        assertEquals(0, order.units().compareTo(result.filledUnits()));
        assertTrue(result.averageFillPrice().signum() > 0);
        assertEquals(order.clientOrderId(), result.clientOrderId());
        assertEquals(adapter.accountId(), result.accountId());
        assertNotNull(result.brokerOrderId());
    }

    @Test
    void pendingOrderCanBeLookedUpAndCancelled() throws Exception {
        Optional<OrderType> pendingType = declaredPendingType();
        if (pendingType.isEmpty()) {
            assertRefusedBeforeSending(orderOfAnyShape(OrderType.LIMIT, TimeInForce.GTC), ErrorCode.UNSUPPORTED_ORDER_TYPE);
            return;
        }
        OrderType type = pendingType.get();
        UnifiedOrder order = farFromMarket(type, pendingTif(type));
        OrderResult placed = await(adapter.placeOrder(order));
        assertEquals(OrderStatus.ACCEPTED, placed.status(), () -> "result: " + placed);
        assertEquals(OrderStatus.ACCEPTED, await(adapter.getOrder(placed.brokerOrderId())).status());
        OrderResult cancelled = await(adapter.cancelOrder(placed.brokerOrderId()));
        assertEquals(OrderStatus.CANCELLED, cancelled.status());
        assertEquals(OrderStatus.CANCELLED, await(adapter.getOrder(placed.brokerOrderId())).status());
    }

    @Test
    void unknownOrderIsOrderNotFound() {
        StandardBrokerError error = failure(adapter.getOrder("no-such-order-" + System.nanoTime()));
        assertEquals(ErrorCode.ORDER_NOT_FOUND, error.code());
        StandardBrokerError cancel = failure(adapter.cancelOrder("no-such-order-" + System.nanoTime()));
        assertEquals(ErrorCode.ORDER_NOT_FOUND, cancel.code());
    }

    /**
     * An order whose answer was lost after the broker accepted it may not be reported as a refusal, nor failed
     * with a retryable code: either would tell the runtime that it may send the order again (elsewhere, in an
     * experiment), and the position would be doubled. The adapter answers UNKNOWN, or what its reconciliation
     * found.
     */
    @Test
    void anOrderWhoseAnswerWasLostIsNeitherRefusedNorRetryable() throws Exception {
        OrderType type = adapter.capabilities().has(BrokerCapability.MARKET_ORDERS) ? OrderType.MARKET
                : adapter.capabilities().timeInForce().keySet().iterator().next();
        UnifiedOrder order = workableOrder(type, anyTif(type));
        assertTrue(loseTheNextOrderAnswer(), "this adapter's test gives no way to lose an order's answer: override loseTheNextOrderAnswer");
        OrderResult result;
        try {
            result = await(adapter.placeOrder(order));
        } catch (StandardBrokerError e) {
            assertFalse(e.code().retryable() || e.retryable(),
                    () -> "the order may have been placed, yet placeOrder failed with the retryable " + e.code() + ": " + e);
            throw new AssertionError("placeOrder answers an order's outcome as a value (UNKNOWN when ambiguous), it failed with " + e, e);
        }
        assertNotEquals(OrderStatus.REJECTED, result.status(), () -> "the broker accepted the order, yet it came back " + result);
        if (result.status() == OrderStatus.UNKNOWN) {
            assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code(), () -> "unknown outcome: " + result.error());
            assertFalse(result.error().retryable(), () -> "an unknown outcome marked retryable: " + result.error());
        }
        if (adapter.capabilities().has(BrokerCapability.CLIENT_ORDER_ID_LOOKUP)) {
            assertTrue(await(adapter.findOrderByClientId(order.clientOrderId())).isPresent(),
                    "the fault did not place the order: the test proves nothing");
        } else if (type == OrderType.MARKET) {
            // without a lookup, the position the market order opened shows that it was carried out
            assertTrue(await(adapter.positions()).stream().anyMatch(p -> p.instrument().equals(instrument())
                    && p.longUnits().compareTo(order.units()) >= 0), "the fault did not place the order: the test proves nothing");
        }
    }

    /**
     * An order whose request left and that the broker carries out only after the adapter stopped waiting: the adapter
     * cannot know yet what became of it, so it may not call it a refusal, nor fail it with a retryable code (either
     * tells the runtime that sending it again is safe, and the position would be doubled once the first one executes).
     * The adapter answers UNKNOWN, or what its reconciliation found. The check then waits for the late execution, which
     * shows that the fault placed the order.
     */
    @Test
    void anOrderCarriedOutAfterTheAdapterStoppedWaitingIsNeitherRefusedNorRetryable() throws Exception {
        OrderType type = adapter.capabilities().has(BrokerCapability.MARKET_ORDERS) ? OrderType.MARKET
                : adapter.capabilities().timeInForce().keySet().iterator().next();
        UnifiedOrder order = workableOrder(type, anyTif(type));
        assertTrue(executeTheNextOrderLate(), "this adapter's test gives no way to have an order carried out after the adapter stopped "
                + "waiting for its answer: override executeTheNextOrderLate");
        OrderResult result;
        try {
            result = await(adapter.placeOrder(order));
        } catch (StandardBrokerError e) {
            assertFalse(e.code().retryable() || e.retryable(),
                    () -> "the order's request had left, yet placeOrder failed with the retryable " + e.code() + ": " + e);
            throw new AssertionError("placeOrder answers an order's outcome as a value (UNKNOWN when ambiguous), it failed with " + e, e);
        }
        assertNotEquals(OrderStatus.REJECTED, result.status(), () -> "the order's request had left and the broker carries it out "
                + "later, yet it came back " + result);
        if (result.status() == OrderStatus.UNKNOWN) {
            assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code(), () -> "unknown outcome: " + result.error());
            assertFalse(result.error().retryable(), () -> "an unknown outcome marked retryable: " + result.error());
        }
        if (adapter.capabilities().has(BrokerCapability.CLIENT_ORDER_ID_LOOKUP)) {
            Awaitility.await("the late execution of " + order.clientOrderId()).atMost(CALL_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> await(adapter.findOrderByClientId(order.clientOrderId())).isPresent());
        } else if (type == OrderType.MARKET) {
            // without a lookup, the position the market order opens shows that it was carried out
            Awaitility.await("the late execution of " + order.clientOrderId()).atMost(CALL_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> await(adapter.positions()).stream().anyMatch(p -> p.instrument().equals(instrument())
                            && p.longUnits().compareTo(order.units()) >= 0));
        }
    }

    @Test
    void clientOrderIdLookupFindsTheOrder() throws Exception {
        if (!adapter.capabilities().has(BrokerCapability.CLIENT_ORDER_ID_LOOKUP)) {
            long before = brokerRequestCount();
            assertEquals(ErrorCode.UNSUPPORTED_OPERATION, failure(adapter.findOrderByClientId("any")).code());
            assertEquals(before, brokerRequestCount(), "an undeclared lookup reached the broker");
            return;
        }
        OrderType type = adapter.capabilities().timeInForce().keySet().iterator().next();
        UnifiedOrder order = workableOrder(type, anyTif(type));
        OrderResult placed = await(adapter.placeOrder(order));
        Optional<OrderResult> found = await(adapter.findOrderByClientId(order.clientOrderId()));
        assertTrue(found.isPresent(), "order not found by its client order id");
        assertEquals(placed.brokerOrderId(), found.get().brokerOrderId());
        assertTrue(await(adapter.findOrderByClientId("never-sent-" + System.nanoTime())).isEmpty());
    }

    @Test
    void onFillAttachmentsFollowTheDeclaration() throws Exception {
        BrokerCapabilities capabilities = adapter.capabilities();
        OrderType type = capabilities.has(BrokerCapability.MARKET_ORDERS) ? OrderType.MARKET
                : capabilities.timeInForce().keySet().iterator().next();
        UnifiedOrder base = workableOrder(type, anyTif(type));
        PriceTick price = currentPrice(instrument());
        Instrument instrument = capabilities.instruments().get(instrument());
        // protective prices well away from the entry, on the right side of a buy
        BigDecimal entry = base.price() == null ? price.ask() : base.price();
        checkAttachment(BrokerCapability.STOP_LOSS_ON_FILL,
                base.toBuilder().clientOrderId(null).stopLoss(scaled(entry.multiply(new BigDecimal("0.8")), instrument)).build());
        checkAttachment(BrokerCapability.TAKE_PROFIT_ON_FILL,
                base.toBuilder().clientOrderId(null).takeProfit(scaled(entry.multiply(new BigDecimal("1.2")), instrument)).build());
        checkAttachment(BrokerCapability.TRAILING_STOPS,
                base.toBuilder().clientOrderId(null).trailingStopDistance(instrument.pip().multiply(BigDecimal.valueOf(50))).build());
    }

    private void checkAttachment(BrokerCapability capability, UnifiedOrder order) throws Exception {
        if (adapter.capabilities().has(capability)) {
            OrderResult result = await(adapter.placeOrder(order));
            assertTrue(result.status() == OrderStatus.FILLED || result.status() == OrderStatus.ACCEPTED,
                    () -> capability + " declared, yet the order came back " + result);
        } else {
            assertRefusedBeforeSending(order, ErrorCode.UNSUPPORTED_ORDER_TYPE);
        }
    }

    @Test
    void positionsFollowFillsByTheDeclaredHedgingMode() throws Exception {
        if (!adapter.capabilities().has(BrokerCapability.MARKET_ORDERS)) {
            assertRefusedBeforeSending(orderOfAnyShape(OrderType.MARKET, TimeInForce.FOK), ErrorCode.UNSUPPORTED_ORDER_TYPE);
            return;
        }
        TimeInForce tif = anyTif(OrderType.MARKET);
        BigDecimal units = minimumUnits();
        await(adapter.placeOrder(UnifiedOrder.market(instrument(), OrderSide.BUY, units.multiply(BigDecimal.valueOf(2)))
                .timeInForce(tif).build()));
        await(adapter.placeOrder(UnifiedOrder.market(instrument(), OrderSide.SELL, units).timeInForce(tif).build()));
        UnifiedPosition position = await(adapter.positions()).stream()
                .filter(p -> p.instrument().equals(instrument())).findFirst()
                .orElseThrow(() -> new AssertionError("no position in " + instrument()));
        if (adapter.capabilities().has(BrokerCapability.HEDGING)) {
            assertEquals(0, units.multiply(BigDecimal.valueOf(2)).compareTo(position.longUnits()), "hedging keeps both sides");
            assertEquals(0, units.compareTo(position.shortUnits()), "hedging keeps both sides");
        } else {
            assertEquals(0, units.compareTo(position.netUnits()), "netting nets the sell against the buy");
            assertEquals(0, position.shortUnits().signum(), "netting has no short side here");
        }
    }

    @Test
    void fractionalUnitsFollowTheDeclaration() throws Exception {
        Instrument instrument = adapter.capabilities().instruments().get(instrument());
        OrderType type = adapter.capabilities().timeInForce().keySet().iterator().next();
        // a market order for the day where declared: the one shape every broker with fractional shares takes them in
        TimeInForce tif = type == OrderType.MARKET && adapter.capabilities().timeInForce().get(type).contains(TimeInForce.GFD)
                ? TimeInForce.GFD : anyTif(type);
        UnifiedOrder order = withUnits(workableOrder(type, tif), minimumUnits().add(new BigDecimal("0.5")));
        if (adapter.capabilities().has(BrokerCapability.FRACTIONAL_UNITS) && instrument.unitsPrecision() > 0) {
            OrderStatus status = await(adapter.placeOrder(order)).status();
            assertTrue(status == OrderStatus.FILLED || status == OrderStatus.ACCEPTED || status == OrderStatus.CANCELLED,
                    "fractional units declared, yet the order came back " + status);
        } else {
            assertRefusedBeforeSending(order, ErrorCode.INVALID_QUANTITY);
        }
    }

    @Test
    void priceStreamDeliversWhatIsRequestedAndNoMore() throws Exception {
        CollectingSubscriber subscriber = new CollectingSubscriber();
        adapter.streamPrices(Set.of(instrument())).subscribe(subscriber);
        Flow.Subscription subscription = subscriber.subscription.poll(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(subscription, "no subscription");
        if (!adapter.capabilities().has(BrokerCapability.PRICE_STREAMING)) {
            subscription.request(1);
            Throwable error = subscriber.awaitError();
            assertEquals(ErrorCode.UNSUPPORTED_OPERATION, StandardBrokerError.from(error).code());
            return;
        }
        subscription.request(2);
        PriceTick first = subscriber.next();
        PriceTick second = subscriber.next();
        assertEquals(instrument(), first.instrument());
        assertTrue(first.bid().compareTo(first.ask()) <= 0, "bid above ask: " + first);
        assertFalse(second.time().isBefore(first.time()), "ticks out of order");
        // demand is exhausted: nothing more may arrive until more is requested
        assertEquals(null, subscriber.ticks.poll(300, TimeUnit.MILLISECONDS), "tick delivered beyond demand");
        subscription.request(1);
        assertNotNull(subscriber.next());
        subscription.cancel();
    }

    /** An order sized by an amount of money: taken where NOTIONAL_ORDERS is declared, refused before sending elsewhere. */
    @Test
    void notionalOrdersFollowTheDeclaration() throws Exception {
        BrokerCapabilities capabilities = adapter.capabilities();
        Set<TimeInForce> marketTifs = capabilities.timeInForce().getOrDefault(OrderType.MARKET, Set.of());
        TimeInForce tif = marketTifs.contains(TimeInForce.GFD) || marketTifs.isEmpty() ? TimeInForce.GFD : marketTifs.iterator().next();
        UnifiedOrder order = UnifiedOrder.notional(instrument(), OrderSide.BUY, new BigDecimal("100")).timeInForce(tif).build();
        if (capabilities.has(BrokerCapability.NOTIONAL_ORDERS) && capabilities.has(BrokerCapability.MARKET_ORDERS)) {
            OrderResult result = await(adapter.placeOrder(order));
            assertTrue(result.status() == OrderStatus.FILLED || result.status() == OrderStatus.ACCEPTED,
                    () -> "notional orders declared, yet the order came back " + result);
            if (result.status() == OrderStatus.FILLED) {
                assertTrue(result.filledUnits().signum() > 0, "a filled notional order bought nothing");
            }
        } else {
            assertRefusedBeforeSending(order, capabilities.has(BrokerCapability.MARKET_ORDERS) || capabilities.has(BrokerCapability.NOTIONAL_ORDERS)
                    ? refusalCodeForUndeclared(order) : ErrorCode.UNSUPPORTED_ORDER_TYPE);
        }
    }

    private ErrorCode refusalCodeForUndeclared(UnifiedOrder order) {
        Set<TimeInForce> tifs = adapter.capabilities().timeInForce().get(order.type());
        return tifs != null && !tifs.contains(order.timeInForce()) ? ErrorCode.UNSUPPORTED_TIME_IN_FORCE : ErrorCode.UNSUPPORTED_ORDER_TYPE;
    }

    /**
     * An extended-hours order: refused before sending unless EXTENDED_HOURS is declared; where it is, a limit order for
     * the day (the shape brokers take outside the session; else the first declared pending shape) is taken.
     */
    @Test
    void extendedHoursFollowTheDeclaration() throws Exception {
        Optional<OrderType> pendingType = declaredPendingType();
        if (!adapter.capabilities().has(BrokerCapability.EXTENDED_HOURS)) {
            // a pending order where one is declared, else the market order every adapter takes
            UnifiedOrder order = pendingType.isPresent() ? farFromMarket(pendingType.get(), pendingTif(pendingType.get()))
                    : workableOrder(OrderType.MARKET, anyTif(OrderType.MARKET));
            assertRefusedBeforeSending(order.toBuilder().clientOrderId(null).extendedHours(true).build(), ErrorCode.UNSUPPORTED_ORDER_TYPE);
            return;
        }
        assertTrue(pendingType.isPresent(), "EXTENDED_HOURS declared without a pending order type to rest outside the session");
        Set<TimeInForce> limitTifs = adapter.capabilities().timeInForce().getOrDefault(OrderType.LIMIT, Set.of());
        UnifiedOrder order = (limitTifs.contains(TimeInForce.GFD) ? farFromMarket(OrderType.LIMIT, TimeInForce.GFD)
                : farFromMarket(pendingType.get(), pendingTif(pendingType.get()))).toBuilder().clientOrderId(null).extendedHours(true).build();
        OrderResult result = await(adapter.placeOrder(order));
        assertEquals(OrderStatus.ACCEPTED, result.status(), () -> "EXTENDED_HOURS declared, yet a resting extended-hours order came back " + result);
        assertEquals(OrderStatus.CANCELLED, await(adapter.cancelOrder(result.brokerOrderId())).status());
    }

    /**
     * With the instrument's market closed, an order that must execute at once (IOC or FOK, regular hours) is refused
     * as MARKET_CLOSED before sending (needs {@link #closeTheMarket()}). An adapter that declares no session for the
     * instrument trades it around the clock: it never refuses by the hours on its own (a MARKET_CLOSED, if any, is the
     * broker's answer, after a request).
     */
    @Test
    void aClosedMarketRefusesOrdersThatMustExecuteNow() throws Exception {
        Optional<Map.Entry<OrderType, Set<TimeInForce>>> immediate = adapter.capabilities().timeInForce().entrySet().stream()
                .filter(e -> e.getValue().contains(TimeInForce.IOC) || e.getValue().contains(TimeInForce.FOK)).findFirst();
        if (immediate.isEmpty()) {
            // nothing must execute now: IOC is an undeclared time in force
            OrderType type = adapter.capabilities().timeInForce().keySet().iterator().next();
            assertRefusedBeforeSending(orderOfAnyShape(type, TimeInForce.IOC), ErrorCode.UNSUPPORTED_TIME_IN_FORCE);
            return;
        }
        OrderType type = immediate.get().getKey();
        TimeInForce tif = immediate.get().getValue().contains(TimeInForce.IOC) ? TimeInForce.IOC : TimeInForce.FOK;
        UnifiedOrder order = orderOfAnyShape(type, tif);
        if (sessionOfTheTestInstrument().isEmpty()) {
            long before = brokerRequestCount();
            OrderResult result = await(adapter.placeOrder(order));
            assertFalse(result.status() == OrderStatus.REJECTED && result.error().code() == ErrorCode.MARKET_CLOSED
                    && brokerRequestCount() == before, () -> "no trading session declared for " + instrument()
                    + ", yet the adapter refused by the hours on its own: " + result.error());
            return;
        }
        assertTrue(closeTheMarket(), () -> "a trading session is declared for " + instrument()
                + ", yet this adapter's test cannot close the market: override closeTheMarket");
        assertFalse(sessionOfTheTestInstrument().orElseThrow().openAt(Instant.now()), "closeTheMarket left the declared session open");
        assertRefusedBeforeSending(order, ErrorCode.MARKET_CLOSED);
    }

    // ---- what is not declared is refused before any broker call ----

    @TestFactory
    Stream<DynamicTest> undeclaredOrderTypesAreRefusedBeforeSending() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OrderType type : OrderType.values()) {
            if (!adapter.capabilities().timeInForce().containsKey(type)) {
                tests.add(dynamicTest(type.name(), () ->
                        assertRefusedBeforeSending(orderOfAnyShape(type, TimeInForce.GTC), ErrorCode.UNSUPPORTED_ORDER_TYPE)));
            }
        }
        if (tests.isEmpty()) {
            tests.add(dynamicTest("all order types declared", () -> assertEquals(OrderType.values().length,
                    adapter.capabilities().timeInForce().size())));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> undeclaredTimeInForceIsRefusedBeforeSending() {
        List<DynamicTest> tests = new ArrayList<>();
        adapter.capabilities().timeInForce().forEach((type, declared) -> {
            for (TimeInForce tif : EnumSet.complementOf(EnumSet.copyOf(withAtLeastOne(declared)))) {
                tests.add(dynamicTest(type + " " + tif, () ->
                        assertRefusedBeforeSending(orderOfAnyShape(type, tif), ErrorCode.UNSUPPORTED_TIME_IN_FORCE)));
            }
        });
        return tests.stream();
    }

    @Test
    void unknownInstrumentIsRefusedBeforeSending() throws Exception {
        OrderType type = adapter.capabilities().timeInForce().keySet().iterator().next();
        UnifiedOrder order = orderOfAnyShape(type, anyTif(type)).toBuilder().build();
        UnifiedOrder unknown = new UnifiedOrder(null, null, "NO_SUCH_INSTRUMENT", order.type(), order.side(), order.units(),
                order.price(), null, null, null, order.timeInForce(), order.goodTillTime(), null, null, order.stopPrice(), null, false);
        assertRefusedBeforeSending(unknown, ErrorCode.INVALID_SYMBOL);
    }

    @Test
    void sizeOutsideTheInstrumentLimitsIsRefusedBeforeSending() throws Exception {
        Instrument instrument = adapter.capabilities().instruments().get(instrument());
        OrderType type = adapter.capabilities().timeInForce().keySet().iterator().next();
        UnifiedOrder base = orderOfAnyShape(type, anyTif(type));
        assertRefusedBeforeSending(withUnits(base, instrument.maximumSize().add(BigDecimal.ONE)), ErrorCode.INVALID_QUANTITY);
        BigDecimal tooPrecise = instrument.minimumSize().max(BigDecimal.ONE)
                .add(BigDecimal.ONE.movePointLeft(instrument.unitsPrecision() + 1));
        assertRefusedBeforeSending(withUnits(base, tooPrecise), ErrorCode.INVALID_QUANTITY);
    }

    @Test
    void priceBeyondTheInstrumentPrecisionIsRefusedBeforeSending() throws Exception {
        Optional<OrderType> pendingType = declaredPendingType();
        Instrument instrument = adapter.capabilities().instruments().get(instrument());
        // an order type with a price: a declared one, or LIMIT (then refused as unsupported before its price is looked at)
        UnifiedOrder order = pendingType.isPresent() ? farFromMarket(pendingType.get(), pendingTif(pendingType.get()))
                : orderOfAnyShape(OrderType.LIMIT, TimeInForce.GTC);
        if (pendingType.isEmpty()) {
            assertRefusedBeforeSending(order, ErrorCode.UNSUPPORTED_ORDER_TYPE);
            return;
        }
        BigDecimal tooPrecise = order.price().setScale(instrument.pricePrecision(), RoundingMode.DOWN)
                .add(BigDecimal.ONE.movePointLeft(instrument.pricePrecision() + 1));
        assertRefusedBeforeSending(order.toBuilder().clientOrderId(null).price(tooPrecise).build(), ErrorCode.INVALID_PRICE);
    }

    // ---- helpers for subclasses and tests ----

    protected void assertRefusedBeforeSending(UnifiedOrder order, ErrorCode expected) throws Exception {
        long before = brokerRequestCount();
        OrderResult result = await(adapter.placeOrder(order));
        assertEquals(OrderStatus.REJECTED, result.status(), () -> "expected a refusal with " + expected + ", got " + result);
        assertEquals(expected, result.error().code(), () -> "refusal: " + result.error());
        assertEquals(before, brokerRequestCount(), "the broker was called for an order that had to be refused before sending");
    }

    protected BigDecimal minimumUnits() {
        Instrument instrument = adapter.capabilities().instruments().get(instrument());
        return instrument.minimumSize().max(BigDecimal.ONE).setScale(0, RoundingMode.CEILING);
    }

    /** The current price of the instrument, by default the first tick of the adapter's stream. */
    protected PriceTick currentPrice(String symbol) throws Exception {
        CollectingSubscriber subscriber = new CollectingSubscriber();
        adapter.streamPrices(Set.of(symbol)).subscribe(subscriber);
        Flow.Subscription subscription = subscriber.subscription.poll(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(subscription, "no price subscription for " + symbol);
        subscription.request(1);
        try {
            return subscriber.next();
        } finally {
            subscription.cancel();
        }
    }

    /** An order of this type that the broker should execute (market) or accept (pending, away from the market). */
    protected UnifiedOrder workableOrder(OrderType type, TimeInForce tif) throws Exception {
        return type == OrderType.MARKET
                ? UnifiedOrder.market(instrument(), OrderSide.BUY, minimumUnits()).timeInForce(tif).build()
                : farFromMarket(type, tif);
    }

    /** A pending order priced well away from the market, so that it rests. */
    protected UnifiedOrder farFromMarket(OrderType type, TimeInForce tif) throws Exception {
        PriceTick price = currentPrice(instrument());
        Instrument instrument = adapter.capabilities().instruments().get(instrument());
        // a buy limit below the market rests; a buy stop or touch order above... except MIT buys trigger below
        BigDecimal factor = switch (type) {
            case LIMIT, MARKET_IF_TOUCHED -> new BigDecimal("0.90");
            case STOP, STOP_LIMIT -> new BigDecimal("1.10");
            case MARKET -> BigDecimal.ONE;
            case TRAILING_STOP -> null;
        };
        if (factor == null) {
            // a buy trailing stop 5 % above the market's low rests until the market rises that far
            return UnifiedOrder.builder(instrument(), type, OrderSide.BUY, minimumUnits()).timeInForce(tif)
                    .trailingStopDistance(scaled(price.ask().multiply(new BigDecimal("0.05")), instrument)).build();
        }
        UnifiedOrder.Builder builder = UnifiedOrder.builder(instrument(), type, OrderSide.BUY, minimumUnits())
                .price(scaled(price.ask().multiply(factor), instrument)).timeInForce(tif);
        if (type.needsStopPrice()) {
            // a buy stop-limit triggers above the market, with its limit above its stop
            builder.stopPrice(scaled(price.ask().multiply(new BigDecimal("1.05")), instrument));
        }
        if (tif == TimeInForce.GTD) {
            builder.goodTillTime(Instant.now().plus(Duration.ofHours(1)));
        }
        return builder.build();
    }

    /** An order of this type and time in force whose other fields are valid; not necessarily workable. */
    protected UnifiedOrder orderOfAnyShape(OrderType type, TimeInForce tif) throws Exception {
        Instrument instrument = adapter.capabilities().instruments().get(instrument());
        UnifiedOrder.Builder builder = UnifiedOrder.builder(instrument(), type, OrderSide.BUY, minimumUnits()).timeInForce(tif);
        if (type.needsPrice()) {
            builder.price(scaled(currentPrice(instrument()).mid(), instrument));
        }
        if (type.needsStopPrice()) {
            builder.stopPrice(scaled(currentPrice(instrument()).mid(), instrument));
        }
        if (type == OrderType.TRAILING_STOP) {
            builder.trailingStopDistance(scaled(currentPrice(instrument()).mid().multiply(new BigDecimal("0.05")), instrument));
        }
        if (tif == TimeInForce.GTD) {
            builder.goodTillTime(Instant.now().plus(Duration.ofHours(1)));
        }
        return builder.build();
    }

    protected static UnifiedOrder withUnits(UnifiedOrder order, BigDecimal units) {
        return new UnifiedOrder(null, null, order.instrument(), order.type(), order.side(), units, order.price(),
                order.stopLoss(), order.takeProfit(), order.trailingStopDistance(), order.timeInForce(),
                order.goodTillTime(), order.brokerSpecific(), null, order.stopPrice(), null, order.extendedHours());
    }

    protected static BigDecimal scaled(BigDecimal price, Instrument instrument) {
        return price.setScale(instrument.pricePrecision(), RoundingMode.HALF_EVEN);
    }

    private Optional<OrderType> declaredPendingType() {
        return adapter.capabilities().timeInForce().keySet().stream().filter(OrderType::needsPrice).findFirst();
    }

    private TimeInForce anyTif(OrderType type) {
        Set<TimeInForce> tifs = adapter.capabilities().timeInForce().get(type);
        assertNotNull(tifs, type + " not declared");
        return tifs.iterator().next();
    }

    /** A time in force for a resting order: GTC if declared, else anything but FOK/IOC. */
    private TimeInForce pendingTif(OrderType type) {
        Set<TimeInForce> tifs = adapter.capabilities().timeInForce().get(type);
        if (tifs.contains(TimeInForce.GTC)) {
            return TimeInForce.GTC;
        }
        return tifs.stream().filter(t -> t != TimeInForce.FOK && t != TimeInForce.IOC).findFirst()
                .orElseThrow(() -> new AssertionError(type + " declares no time in force that lets an order rest"));
    }

    private static Set<TimeInForce> withAtLeastOne(Set<TimeInForce> declared) {
        return declared.isEmpty() ? EnumSet.noneOf(TimeInForce.class) : declared;
    }

    protected static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw StandardBrokerError.from(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + CALL_TIMEOUT, e);
        }
    }

    protected static StandardBrokerError failure(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return StandardBrokerError.from(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no answer within " + CALL_TIMEOUT, e);
        }
    }

    /** A subscriber that hands its subscription and ticks to the test thread. */
    protected static final class CollectingSubscriber implements Flow.Subscriber<PriceTick> {
        final LinkedBlockingQueue<Flow.Subscription> subscription = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<PriceTick> ticks = new LinkedBlockingQueue<>();
        final CountDownLatch failed = new CountDownLatch(1);
        volatile Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.add(s);
        }

        @Override
        public void onNext(PriceTick item) {
            ticks.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            failed.countDown();
        }

        @Override
        public void onComplete() {
        }

        Throwable awaitError() throws InterruptedException {
            if (!failed.await(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the stream did not fail within " + CALL_TIMEOUT);
            }
            return error;
        }

        PriceTick next() throws InterruptedException {
            PriceTick tick = ticks.poll(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (tick == null) {
                throw new AssertionError("no tick within " + CALL_TIMEOUT + (error == null ? "" : "; stream failed: " + error));
            }
            return tick;
        }
    }
}
