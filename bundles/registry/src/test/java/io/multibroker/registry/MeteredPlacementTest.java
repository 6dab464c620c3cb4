package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An adapter that fails {@code placeOrder} with a connectivity code may have sent the order before it failed,
 * whatever the contract says: the handle reports UNKNOWN unless the adapter's own lookup by client order id
 * shows that nothing was placed (then REJECTED), or shows what was (then that).
 */
class MeteredPlacementTest {

    private final FakeAdapter adapter = new FakeAdapter("metered");
    private final MeteredBrokerAdapter handle = new MeteredBrokerAdapter(adapter, () -> true, MeteredBrokerAdapter.CallObserver.NONE);
    private final UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId("c-1").build();

    private void failPlacementWith(ErrorCode code) {
        adapter.onPlace = placed -> CompletableFuture.failedFuture(new StandardBrokerError(code, "no answer"));
    }

    private void declareLookup() {
        BrokerCapabilities declared = adapter.capabilities;
        adapter.capabilities = new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.CLIENT_ORDER_ID_LOOKUP),
                declared.timeInForce(), declared.instruments());
    }

    private OrderResult place() throws Exception {
        return handle.placeOrder(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"TIMEOUT", "NETWORK_ERROR", "BROKER_UNAVAILABLE"})
    void aConnectivityFailureIsUnknownWhenTheAdapterCannotLookTheOrderUp(ErrorCode code) throws Exception {
        failPlacementWith(code);
        OrderResult result = place();
        assertEquals(OrderStatus.UNKNOWN, result.status(), () -> "result " + result);
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, result.error().code());
        assertEquals("c-1", result.clientOrderId());
        assertEquals(List.of(), adapter.lookedUp, "an undeclared lookup is not called");
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"TIMEOUT", "NETWORK_ERROR", "BROKER_UNAVAILABLE"})
    void aConnectivityFailureIsRejectedWhenTheLookupFindsNothing(ErrorCode code) throws Exception {
        declareLookup();
        failPlacementWith(code);
        OrderResult result = place();
        assertEquals(OrderStatus.REJECTED, result.status(), () -> "result " + result);
        assertEquals(code, result.error().code());
        assertEquals(List.of("c-1"), adapter.lookedUp);
    }

    @Test
    void aConnectivityFailureOfAnOrderThatWasPlacedIsWhatTheLookupFound() throws Exception {
        declareLookup();
        failPlacementWith(ErrorCode.TIMEOUT);
        OrderResult filled = new OrderResult("metered", "c-1", "77", "78", "EUR_USD", OrderSide.BUY, order.type(), OrderStatus.FILLED,
                BigDecimal.TEN, BigDecimal.TEN, new BigDecimal("1.1"), Instant.now(), Instant.now(), null, null);
        adapter.onFind = clientOrderId -> CompletableFuture.completedFuture(Optional.of(filled));
        assertEquals(filled, place());
    }

    @Test
    void aConnectivityFailureIsUnknownWhenTheLookupFailsOrThrows() throws Exception {
        declareLookup();
        failPlacementWith(ErrorCode.NETWORK_ERROR);
        adapter.onFind = clientOrderId -> CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.TIMEOUT, "still down"));
        assertEquals(OrderStatus.UNKNOWN, place().status());
        adapter.onFind = clientOrderId -> {
            throw new IllegalStateException("a broken lookup");
        };
        assertEquals(OrderStatus.UNKNOWN, place().status());
    }

    /** The retryable flag is the adapter's word: an error whose code says nothing about the outcome stays UNKNOWN. */
    @Test
    void aRetryableFlagOnAnUnknownErrorDoesNotMakeItARefusal() throws Exception {
        adapter.onPlace = placed -> CompletableFuture.failedFuture(new StandardBrokerError(
                new ErrorDetail(ErrorCode.UNKNOWN_ERROR, true, null, "lost", null)));
        assertEquals(OrderStatus.UNKNOWN, place().status());
    }

    /** A broker's answer that refuses the order (here: slow down) did not execute it: still REJECTED, with no lookup. */
    @Test
    void aRefusalByTheBrokerStaysRejected() throws Exception {
        declareLookup();
        failPlacementWith(ErrorCode.RATE_LIMITED);
        OrderResult result = place();
        assertEquals(OrderStatus.REJECTED, result.status());
        assertTrue(result.error().retryable());
        assertEquals(List.of(), adapter.lookedUp);
    }

    @Test
    void anOrderRefusedBecauseTheAccountTakesNoOrdersIsObservedLikeAnyOtherRefusal() throws Exception {
        List<String> observed = new CopyOnWriteArrayList<>();
        MeteredBrokerAdapter stopped = new MeteredBrokerAdapter(adapter, () -> false,
                (operation, error) -> observed.add(operation + " " + (error == null ? "ok" : error.code())));
        OrderResult result = stopped.placeOrder(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(List.of("placeOrder BROKER_UNAVAILABLE"), observed, "what feeds broker:errors");
        assertEquals(0, adapter.placed.get(), "nothing reached the adapter");
    }

    @Test
    void aFillIsAnsweredEvenWhenItsBookkeepingFails() throws Exception {
        OrderResult filled = new OrderResult("metered", "c-2", "90", "91", "EUR_USD", OrderSide.BUY, order.type(), OrderStatus.FILLED,
                BigDecimal.TEN, BigDecimal.TEN, new BigDecimal("1.1"), Instant.now(), Instant.now(), null, null);
        adapter.onPlace = placed -> {
            // the adapter's capabilities fail after the order executed, while the handle works out the slippage
            adapter.capabilitiesFailure = new IllegalStateException("instruments being re-read");
            return CompletableFuture.completedFuture(filled);
        };
        UnifiedOrder withReference = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId("c-2")
                .referencePrice(new BigDecimal("1.0")).build();
        assertEquals(filled, handle.placeOrder(withReference).toCompletableFuture().get(5, TimeUnit.SECONDS));
    }
}
