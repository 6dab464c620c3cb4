package io.multibroker.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several runtimes on one database: an order for an account another runtime drives is refused before the risk layer
 * (nothing counted against its usage) and never sent, naming the owner; once this runtime holds the account, it goes.
 */
class OwnershipGateTest {

    private BrokerRegistryImpl registry;
    private final FakeAdapter adapter = new FakeAdapter("shared");
    private final AtomicInteger riskChecks = new AtomicInteger();
    private volatile boolean heldHere;

    private final AccountOwnership ownership = new AccountOwnership() {
        @Override
        public Optional<ErrorDetail> refusal(String accountId) {
            return heldHere ? Optional.empty() : Optional.of(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_OWNED,
                    "account " + accountId + " is driven by runtime runtime-b (http://127.0.0.1:18182/api/v1)"));
        }

        @Override
        public boolean heldHere(String accountId) {
            return heldHere;
        }

        @Override
        public void fence(Connection connection, Collection<String> accountIds) {
            // not asked by the registry
        }

        @Override
        public List<AccountLease> leases() {
            return List.of();
        }

        @Override
        public String runtimeId() {
            return "runtime-a";
        }
    };

    private final PreTradeCheck countingRisk = new PreTradeCheck() {
        @Override
        public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) {
            riskChecks.incrementAndGet();
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
    };

    @BeforeEach
    void start() {
        registry = new BrokerRegistryImpl(new TestRegistryConfig(true), (BrokerRegistryImpl.SchemaSource) entry ->
                Optional.of(new ConfigurationSchema(entry.type().factoryPid(), entry.type().displayName(), "", List.of())));
        registry.addAdapter(42, adapter, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.requireAccount("shared").health().status() == HealthStatus.UP);
        registry.usePreTradeCheck(countingRisk);
        registry.useAccountOwnership(ownership);
    }

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private OrderResult place(String clientOrderId) throws Exception {
        BrokerAdapter handle = registry.requireAccount("shared").adapter();
        return handle.placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId(clientOrderId).build())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anOrderForAnAccountAnotherRuntimeDrivesIsRefusedNamingItAndNeverSent() throws Exception {
        OrderResult refused = place("c-1");
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertEquals(ErrorCode.ACCOUNT_NOT_OWNED, refused.error().code());
        assertTrue(refused.error().message().contains("runtime-b"), refused.error().message());
        assertEquals(0, adapter.placed.get(), "never sent");
        assertEquals(0, riskChecks.get(), "not counted against the risk usage");

        heldHere = true;
        assertEquals(OrderStatus.FILLED, place("c-2").status());
        assertEquals(1, adapter.placed.get());
        assertEquals(1, riskChecks.get(), "the risk layer checks the orders this runtime may send");
    }

    @Test
    void aReplaceForAnAccountAnotherRuntimeDrivesIsRefusedNamingItAndNeverSent() throws Exception {
        BrokerAdapter handle = registry.requireAccount("shared").adapter();
        OrderReplacement longer = new OrderReplacement(null, null, null, TimeInForce.GTC, null, null, null);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> handle.replaceOrder("b-7", longer).toCompletableFuture().get(5, TimeUnit.SECONDS));
        StandardBrokerError error = (StandardBrokerError) refused.getCause();
        assertEquals(ErrorCode.ACCOUNT_NOT_OWNED, error.code());
        assertTrue(error.getMessage().contains("replace of b-7 not sent") && error.getMessage().contains("runtime-b"), error.getMessage());
        assertEquals(List.of(), adapter.replaced, "never sent");
        // a new price too, before the order is read at the broker (this adapter cannot read it: that would say RISK_LIMIT_EXCEEDED)
        ExecutionException repriced = assertThrows(ExecutionException.class, () -> handle.replaceOrder("b-7",
                new OrderReplacement(null, new BigDecimal("1.05"), null, null, null, null, null)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(ErrorCode.ACCOUNT_NOT_OWNED, ((StandardBrokerError) repriced.getCause()).code(), repriced.getCause().getMessage());
        assertEquals(List.of(), adapter.replaced, "never sent");

        heldHere = true;
        assertEquals(OrderStatus.ACCEPTED, handle.replaceOrder("b-7", longer).toCompletableFuture().get(5, TimeUnit.SECONDS).status());
        assertEquals(List.of("b-7 -> null"), adapter.replaced);
    }

    @Test
    void withoutOwnershipARuntimeAloneDrivesEveryAccount() throws Exception {
        registry.useAccountOwnership(null);
        assertEquals(OrderStatus.FILLED, place("c-3").status());
    }
}
