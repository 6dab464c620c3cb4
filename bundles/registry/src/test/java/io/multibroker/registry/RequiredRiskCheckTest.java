package io.multibroker.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code orders.require.risk.check}: with it true, an order (or a replace) is refused while no risk layer is bound, naming
 * the setting, and is never sent; it goes again once one is bound. With it false (the schema's default) the registry
 * sends orders unchecked without one, as a runtime without the risk feature expects. A cancel is never held back.
 */
class RequiredRiskCheckTest {

    private BrokerRegistryImpl registry;
    private final FakeAdapter adapter = new FakeAdapter("guarded");

    private BrokerAdapter handle(boolean requireRiskCheck) {
        registry = new BrokerRegistryImpl(new TestRegistryConfig(requireRiskCheck), (BrokerRegistryImpl.SchemaSource) entry ->
                Optional.of(new ConfigurationSchema(entry.type().factoryPid(), entry.type().displayName(), "", List.of())));
        registry.addAdapter(41, adapter, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.requireAccount("guarded").health().status() == HealthStatus.UP);
        return registry.requireAccount("guarded").adapter();
    }

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private static OrderResult place(BrokerAdapter handle, String clientOrderId) throws Exception {
        return handle.placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId(clientOrderId).build())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void withTheSettingTrueNoGateMeansNoOrderAndTheErrorNamesTheSetting() throws Exception {
        BrokerAdapter handle = handle(true);
        OrderResult refused = place(handle, "c-1");
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, refused.error().code());
        assertTrue(refused.error().message().contains("orders.require.risk.check is true"), refused.error().message());
        assertTrue(refused.error().message().contains("io.multibroker.risk"), refused.error().message());
        assertEquals("c-1", refused.error().context().clientOrderId());
        assertEquals(0, adapter.placed.get(), "never sent unchecked");

        CompletionException replace = assertThrows(CompletionException.class, () -> handle
                .replaceOrder("b-1", new OrderReplacement("c-2", null, BigDecimal.ONE, null, null, null, null)).toCompletableFuture().join());
        StandardBrokerError replaceError = assertInstanceOf(StandardBrokerError.class, replace.getCause());
        assertTrue(replaceError.getMessage().contains("orders.require.risk.check"), replaceError.getMessage());
        assertEquals(List.of(), adapter.replaced, "no replace sent unchecked");

        // a cancel only lowers risk: it still reaches the broker (the fake answers that it has no such order)
        CompletionException cancel = assertThrows(CompletionException.class,
                () -> handle.cancelOrder("b-1").toCompletableFuture().join());
        assertEquals(ErrorCode.ORDER_NOT_FOUND, assertInstanceOf(StandardBrokerError.class, cancel.getCause()).code());
    }

    @Test
    void ordersPassOnceTheGateIsBoundAndAreRefusedAgainWhenItGoes() throws Exception {
        BrokerAdapter handle = handle(true);
        assertEquals(OrderStatus.REJECTED, place(handle, "c-1").status());
        registry.usePreTradeCheck(new PassingGate());
        assertEquals(OrderStatus.FILLED, place(handle, "c-2").status());
        assertEquals(1, adapter.placed.get());
        // the risk bundle stopped: the slot is empty again
        registry.usePreTradeCheck(null);
        OrderResult refused = place(handle, "c-3");
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertTrue(refused.error().message().contains("orders.require.risk.check"), refused.error().message());
        assertEquals(1, adapter.placed.get());
    }

    @Test
    void withTheSettingFalseOrdersGoUncheckedWithoutAGate() throws Exception {
        BrokerAdapter handle = handle(false);
        assertEquals(OrderStatus.FILLED, place(handle, "c-1").status());
        assertEquals(1, adapter.placed.get());
    }

    @Test
    void aChangedSettingAppliesToTheNextOrder() throws Exception {
        BrokerAdapter handle = handle(false);
        assertEquals(OrderStatus.FILLED, place(handle, "c-1").status());
        registry.modified(new TestRegistryConfig(true));
        assertEquals(OrderStatus.REJECTED, place(handle, "c-2").status());
        registry.modified(new TestRegistryConfig(false));
        assertEquals(OrderStatus.FILLED, place(handle, "c-3").status());
        assertEquals(2, adapter.placed.get());
    }

    private static final class PassingGate implements PreTradeCheck {
        @Override
        public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) {
            return Optional.empty();
        }

        @Override
        public void answered(String accountId, UnifiedOrder order, OrderResult result) {
        }

        @Override

        public Optional<ErrorDetail> replaceRefusal(String accountId, UnifiedOrder asReplaced) {

            return Optional.empty();

        }


        @Override
        public Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order) {
            return Optional.empty();
        }

        @Override
        public TradingState state(String accountId) {
            return TradingState.ACTIVE;
        }
    }
}
