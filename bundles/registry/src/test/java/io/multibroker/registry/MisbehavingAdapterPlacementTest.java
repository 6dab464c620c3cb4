package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Third-party adapters that break the contract after sending an order: they send it, then tell the runtime that it
 * failed with a retryable code, either as a failed stage, a thrown exception or a REJECTED result (the form the
 * contract itself uses for refusals, so the one a careless adapter reaches for first). The handle must not pass any of
 * them on as a refusal: the order is UNKNOWN until the adapter's own lookup by client order id shows what the broker
 * has (that order) or that it has nothing (then REJECTED with the adapter's error), and the journal is told the same.
 * The order is never sent twice.
 */
class MisbehavingAdapterPlacementTest {

    /** How the adapter reports a failure after it has (or has not) sent the order. */
    enum Misreport {
        FAILED_STAGE, THROWN, REJECTED_RESULT
    }

    private final FakeAdapter adapter = new FakeAdapter("misbehaving");
    private final RecordingJournal journal = new RecordingJournal();
    private final MeteredBrokerAdapter handle = new MeteredBrokerAdapter(adapter, () -> true, MeteredBrokerAdapter.CallObserver.NONE,
            () -> journal, ForkJoinPool.commonPool());
    /** The broker behind the adapter: the orders it holds, by client order id. */
    private final Map<String, OrderResult> book = new ConcurrentHashMap<>();
    private final UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId("m-1").build();

    MisbehavingAdapterPlacementTest() {
        BrokerCapabilities declared = adapter.capabilities;
        adapter.capabilities = new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.CLIENT_ORDER_ID_LOOKUP),
                declared.timeInForce(), declared.instruments());
        adapter.onFind = clientOrderId -> CompletableFuture.completedFuture(Optional.ofNullable(book.get(clientOrderId)));
    }

    /** The adapter sends the order (the broker fills it) when {@code sends}, then reports {@code code} as it {@code misreports}. */
    private void placeThenMisreport(boolean sends, ErrorCode code, Misreport misreport) {
        adapter.onPlace = placed -> {
            if (sends) {
                book.put(placed.clientOrderId(), filled(placed));
            }
            StandardBrokerError error = StandardBrokerError.of(code, "E" + code.ordinal(), "no answer from the broker",
                    new ErrorContext("misbehaving", placed.orderId(), placed.clientOrderId(), placed.instrument(), "req-9"));
            return switch (misreport) {
                case FAILED_STAGE -> CompletableFuture.failedFuture(error);
                case THROWN -> throw error;
                case REJECTED_RESULT -> CompletableFuture.completedFuture(OrderResult.rejected("misbehaving", placed, error.detail(),
                        Instant.now()));
            };
        };
    }

    private static OrderResult filled(UnifiedOrder placed) {
        return new OrderResult("misbehaving", placed.clientOrderId(), "B-1", "T-1", placed.instrument(), placed.side(), placed.type(),
                OrderStatus.FILLED, placed.units(), placed.units(), new BigDecimal("1.10020"), Instant.now(), Instant.now(), null, null);
    }

    private OrderResult place() throws Exception {
        return handle.placeOrder(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(Misreport.class)
    void anOrderSentThenFailedWithNetworkErrorIsTheOrderTheLookupFinds(Misreport misreport) throws Exception {
        placeThenMisreport(true, ErrorCode.NETWORK_ERROR, misreport);
        OrderResult result = place();
        assertEquals(OrderStatus.FILLED, result.status(), () -> "the broker filled the order, the handle answered " + result);
        assertEquals("B-1", result.brokerOrderId());
        assertEquals(List.of("m-1"), adapter.lookedUp, "looked up once by client order id");
        assertEquals(1, adapter.placed.get(), "never resent");
        assertEquals(List.of("intent m-1 direct", "answer placeOrder m-1 FILLED"), journal.calls);
    }

    @ParameterizedTest
    @EnumSource(Misreport.class)
    void aTimeoutWithoutPlacingIsRejectedWithTheOriginalErrorOnceTheLookupFindsNothing(Misreport misreport) throws Exception {
        placeThenMisreport(false, ErrorCode.TIMEOUT, misreport);
        OrderResult result = place();
        assertEquals(OrderStatus.REJECTED, result.status(), () -> "result " + result);
        assertEquals(ErrorCode.TIMEOUT, result.error().code());
        assertEquals("E" + ErrorCode.TIMEOUT.ordinal(), result.error().brokerCode(), "the adapter's own error is kept");
        assertEquals("no answer from the broker", result.error().message());
        assertEquals("m-1", result.error().context().clientOrderId());
        assertEquals(List.of("m-1"), adapter.lookedUp, "the refusal stands only once the lookup found nothing");
        assertEquals(1, adapter.placed.get(), "never resent");
        assertEquals(List.of("intent m-1 direct", "answer placeOrder m-1 REJECTED"), journal.calls);
    }

    @ParameterizedTest
    @EnumSource(Misreport.class)
    void aFailedLookupLeavesTheOrderUnknownAndJournalledForReconciliation(Misreport misreport) throws Exception {
        placeThenMisreport(true, ErrorCode.BROKER_UNAVAILABLE, misreport);
        adapter.onFind = clientOrderId -> CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.NETWORK_ERROR, "still down"));
        OrderResult result = place();
        assertEquals(OrderStatus.UNKNOWN, result.status(), () -> "result " + result);
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code());
        assertFalse(result.error().retryable(), "an unknown outcome is reconciled, never resent");
        assertTrue(result.error().message().contains("BROKER_UNAVAILABLE"), () -> "the adapter's error is named: " + result.error());
        assertEquals(1, adapter.placed.get(), "never resent");
        assertEquals(List.of("intent m-1 direct", "answer placeOrder m-1 UNKNOWN"), journal.calls,
                "the journal holds it UNKNOWN, which its background check looks up until the broker shows it");
    }

    /** A REJECTED result that says the outcome is unknown is a contradiction: the handle believes the unknown. */
    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"UNKNOWN_OUTCOME", "UNKNOWN_ERROR"})
    void aRejectedResultWhoseErrorSaysNothingOfTheOutcomeIsUnknown(ErrorCode code) throws Exception {
        placeThenMisreport(true, code, Misreport.REJECTED_RESULT);
        OrderResult result = place();
        assertEquals(OrderStatus.UNKNOWN, result.status(), () -> "result " + result);
        assertEquals(List.of("intent m-1 direct", "answer placeOrder m-1 UNKNOWN"), journal.calls);
    }

    /** The broker's own refusals (as adapters report them, REJECTED results) are passed on untouched, with no lookup. */
    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"INSUFFICIENT_FUNDS", "INVALID_QUANTITY", "MARKET_CLOSED", "RATE_LIMITED"})
    void aRefusalByTheBrokerIsPassedOnWithoutALookup(ErrorCode code) throws Exception {
        ErrorDetail refusal = ErrorDetail.of(code, "refused");
        OrderResult rejected = OrderResult.rejected("misbehaving", order, refusal, Instant.now());
        adapter.onPlace = placed -> CompletableFuture.completedFuture(rejected);
        assertEquals(rejected, place());
        assertEquals(List.of(), adapter.lookedUp);
    }
}
