package io.multibroker.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.HealthStatus;
import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.cluster.OrderForwarding;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several runtimes on one database, forwarding on: an order for an account another runtime drives goes to that runtime
 * (its answer is the order's answer here) and passes none of this runtime's own checks, journal or adapter; the owner runs
 * them. When the forwarder does not forward it, the ownership gate refuses it as before.
 */
class OrderForwardingTest {

    private BrokerRegistryImpl registry;
    private final FakeAdapter adapter = new FakeAdapter("shared");
    private final AtomicInteger riskChecks = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile boolean forwards = true;
    private volatile CompletionStage<OrderResult> ownersAnswer;

    private final AccountOwnership elsewhere = new AccountOwnership() {
        @Override
        public Optional<ErrorDetail> refusal(String accountId) {
            return Optional.of(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_OWNED, "account " + accountId + " is driven by runtime runtime-b"));
        }

        @Override
        public boolean heldHere(String accountId) {
            return false;
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

    private final OrderForwarding forwarder = new OrderForwarding() {
        @Override
        public boolean forwards(String accountId) {
            return forwards;
        }

        @Override
        public CompletionStage<OrderResult> forward(String accountId, UnifiedOrder order) {
            forwarded.incrementAndGet();
            return ownersAnswer;
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
        registry.useAccountOwnership(elsewhere);
        registry.useOrderForwarding(forwarder);
    }

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private static UnifiedOrder order(String clientOrderId) {
        return UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId(clientOrderId).build();
    }

    private OrderResult place(String clientOrderId) throws Exception {
        return registry.requireAccount("shared").adapter().placeOrder(order(clientOrderId)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anOrderForAnAccountAnotherRuntimeDrivesGetsItsOwnersAnswerAndPassesNothingHere() throws Exception {
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        OrderResult owners = new OrderResult("shared", "c-1", "B-at-owner", null, "EUR_USD", OrderSide.BUY, OrderType.MARKET,
                OrderStatus.FILLED, BigDecimal.TEN, BigDecimal.TEN, new BigDecimal("1.08501"), at, at, null, null);
        ownersAnswer = CompletableFuture.completedFuture(owners);

        assertSame(owners, place("c-1"), "the owner's answer is the order's answer");
        assertEquals(1, forwarded.get());
        assertEquals(0, adapter.placed.get(), "not sent by this runtime's adapter");
        assertEquals(0, riskChecks.get(), "the owner runs the risk check, which holds the account's limits and usage");
        OperationMetrics metered = registry.requireAccount("shared").metrics(Instant.EPOCH).operations().get(MeteredBrokerAdapter.FORWARD_ORDER);
        assertEquals(1, metered.calls(), "counted as a forwarded order, apart from the broker's own placements");
    }

    @Test
    void anOrderTheForwarderDoesNotTakeIsRefusedNamingTheOwnerAsBefore() throws Exception {
        forwards = false;
        OrderResult refused = place("c-2");
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertEquals(ErrorCode.ACCOUNT_NOT_OWNED, refused.error().code());
        assertTrue(refused.error().message().contains("runtime-b"), refused.error().message());
        assertEquals(0, forwarded.get());
        assertEquals(0, adapter.placed.get());
    }

    @Test
    void aForwarderThatFailsInsteadOfAnsweringGivesAnUnknownOutcomeAndNothingIsResent() throws Exception {
        ownersAnswer = CompletableFuture.failedFuture(new IllegalStateException("connection reset after the request was written"));
        OrderResult unknown = place("c-3");
        assertEquals(OrderStatus.UNKNOWN, unknown.status());
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, unknown.error().code());
        assertTrue(unknown.error().message().contains("c-3"), unknown.error().message());
        assertEquals(1, forwarded.get(), "sent once");
        assertEquals(0, adapter.placed.get());
    }
}
