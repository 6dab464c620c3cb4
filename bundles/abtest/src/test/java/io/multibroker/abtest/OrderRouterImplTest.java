package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.ErrorSummary;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.metrics.OrderMetrics;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingRequest;
import io.multibroker.api.routing.RoutingStrategy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderRouterImplTest {

    private static final Instrument EUR_USD = new Instrument("EUR_USD", InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE,
            new BigDecimal("1000000"), new BigDecimal("0.0333"), -4);

    /** An account whose adapter fills every order at 1.1, with a set health, capabilities and recent latency. */
    static class Account implements BrokerAccount {
        final String id;
        final BrokerCapabilities capabilities;
        volatile HealthStatus status = HealthStatus.UP;
        final Duration medianLatency;
        final AtomicInteger orders = new AtomicInteger();
        /** Whether the adapter refuses a client order id it has seen, as brokers do. */
        boolean refusesDuplicates;
        final Set<String> clientOrderIds = ConcurrentHashMap.newKeySet();

        Account(String id, boolean limitOrders, Duration medianLatency) {
            this.id = id;
            this.medianLatency = medianLatency;
            Map<OrderType, Set<TimeInForce>> tif = new LinkedHashMap<>();
            tif.put(OrderType.MARKET, Set.of(TimeInForce.FOK));
            Set<BrokerCapability> flags = new HashSet<>(Set.of(BrokerCapability.MARKET_ORDERS));
            if (limitOrders) {
                tif.put(OrderType.LIMIT, Set.of(TimeInForce.GTC));
                flags.add(BrokerCapability.LIMIT_ORDERS);
            }
            this.capabilities = new BrokerCapabilities(flags, tif, Map.of("EUR_USD", EUR_USD));
        }

        @Override public String accountId() { return id; }
        @Override public String brokerType() { return "fake"; }
        @Override public BrokerCapabilities capabilities() { return capabilities; }
        @Override public AccountHealth health() { return new AccountHealth(status, null, null, null, Instant.now()); }

        @Override
        public AccountMetrics metrics(Instant since) {
            Map<String, OperationMetrics> operations = medianLatency == null ? Map.of() : Map.of("placeOrder",
                    new OperationMetrics("placeOrder", 10, 10, Map.of(), medianLatency, medianLatency, medianLatency,
                            medianLatency, medianLatency, 1.0));
            return new AccountMetrics(id, "fake", since, Instant.now(), operations,
                    new OrderMetrics(0, Map.of(), BigDecimal.ZERO, BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO), Map.of());
        }

        @Override
        public BrokerAdapter adapter() {
            return new BrokerAdapter() {
                @Override public String brokerType() { return "fake"; }
                @Override public String accountId() { return id; }
                @Override public BrokerCapabilities capabilities() { return capabilities; }
                @Override public CompletionStage<Void> connect() { return CompletableFuture.completedFuture(null); }
                @Override public CompletionStage<Void> disconnect() { return CompletableFuture.completedFuture(null); }

                @Override
                public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
                    orders.incrementAndGet();
                    if (refusesDuplicates && !clientOrderIds.add(order.clientOrderId())) {
                        return CompletableFuture.completedFuture(OrderResult.rejected(id, order, ErrorDetail.of(
                                ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "client order id " + order.clientOrderId() + " was used"), Instant.now()));
                    }
                    return CompletableFuture.completedFuture(new OrderResult(id, order.clientOrderId(), "1", null, order.instrument(),
                            order.side(), order.type(), OrderStatus.FILLED, order.units(), order.units(), new BigDecimal("1.1"),
                            Instant.now(), Instant.now(), null, null));
                }

                @Override public CompletionStage<OrderResult> cancelOrder(String orderId) { throw new UnsupportedOperationException(); }
                @Override public CompletionStage<OrderResult> getOrder(String orderId) { throw new UnsupportedOperationException(); }
                @Override public CompletionStage<Optional<OrderResult>> findOrderByClientId(String id) { throw new UnsupportedOperationException(); }
                @Override public CompletionStage<List<UnifiedPosition>> positions() { throw new UnsupportedOperationException(); }
                @Override public CompletionStage<UnifiedAccountSummary> accountSummary() { throw new UnsupportedOperationException(); }
                @Override public CompletionStage<List<Instrument>> instruments() { throw new UnsupportedOperationException(); }
                @Override public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) { throw new UnsupportedOperationException(); }
                @Override public CompletionStage<HealthReport> checkHealth() { throw new UnsupportedOperationException(); }
            };
        }
    }

    /** The registry's eligibility rules, over a fixed list of accounts. */
    static final class Registry implements BrokerRegistry {
        final List<Account> accounts = new ArrayList<>();

        @Override public List<BrokerTypeInfo> types() { return List.of(); }
        @Override public Optional<BrokerTypeInfo> type(String id) { return Optional.empty(); }
        @Override public List<BrokerAccount> accounts() { return List.copyOf(accounts); }

        @Override
        public Optional<BrokerAccount> account(String accountId) {
            return accounts.stream().filter(a -> a.id.equals(accountId)).map(BrokerAccount.class::cast).findFirst();
        }

        @Override
        public BrokerAccount requireAccount(String accountId) {
            return account(accountId).orElseThrow(() -> new StandardBrokerError(ErrorCode.ACCOUNT_NOT_FOUND, accountId));
        }

        @Override
        public List<BrokerAccount> eligibleAccounts(UnifiedOrder order) {
            return accounts().stream().filter(a -> !ineligibleAccounts(order).containsKey(a.accountId())).toList();
        }

        @Override
        public Optional<ErrorDetail> refusal(String accountId, UnifiedOrder order) {
            if (account(accountId).isEmpty()) {
                return Optional.of(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + accountId));
            }
            return Optional.ofNullable(ineligibleAccounts(order).get(accountId));
        }

        @Override
        public Map<String, ErrorDetail> ineligibleAccounts(UnifiedOrder order) {
            Map<String, ErrorDetail> reasons = new LinkedHashMap<>();
            for (Account account : accounts) {
                if (!account.status.routable()) {
                    reasons.put(account.id, ErrorDetail.of(ErrorCode.BROKER_UNAVAILABLE, account.id + " is " + account.status));
                } else {
                    account.capabilities.refusal(order).ifPresent(reason -> reasons.put(account.id, reason));
                }
            }
            return reasons;
        }

        @Override public List<CapabilityChange> capabilityHistory(String accountId) { return List.of(); }
        @Override public List<ErrorSummary> errors(Instant since) { return List.of(); }
    }

    private final Registry registry = new Registry();
    private final OrderRouterImpl router = new OrderRouterImpl(registry);

    @TempDir
    Path directory;

    @BeforeEach
    void store() {
        router.outcomes = new OutcomeStore(OutcomeStore.embedded(directory.resolve("outcomes").toString()));
    }

    private static UnifiedOrder market() {
        return UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).build();
    }

    private static UnifiedOrder limit() {
        return UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, new BigDecimal("1.00000")).build();
    }

    private RoutedOrderResult route(UnifiedOrder order, RoutingRequest routing) throws Exception {
        return router.submit(order, routing).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void capabilityRoutingNeverSendsAnOrderToAnAccountThatCannotTakeIt() throws Exception {
        Account marketOnly = new Account("a-market-only", false, null);
        Account full = new Account("b-full", true, null);
        registry.accounts.addAll(List.of(marketOnly, full));
        RoutedOrderResult routed = route(limit(), RoutingRequest.of(RoutingStrategy.CAPABILITY));
        assertEquals("b-full", routed.accountId());
        assertEquals(RoutingStrategy.CAPABILITY, routed.strategy());
        assertEquals(OrderStatus.FILLED, routed.result().status());
        assertEquals(0, marketOnly.orders.get());
    }

    @Test
    void anOrderNoAccountCanTakeIsRefusedNamingTheMissingCapability() throws Exception {
        Account marketOnly = new Account("a", false, null);
        registry.accounts.add(marketOnly);
        RoutedOrderResult routed = route(limit(), RoutingRequest.of(RoutingStrategy.CAPABILITY));
        assertEquals(OrderStatus.REJECTED, routed.result().status());
        assertNull(routed.accountId());
        assertEquals(ErrorCode.UNSUPPORTED_ORDER_TYPE, routed.result().error().code());
        assertTrue(routed.result().error().message().contains("a: LIMIT orders are not supported (missing capability LIMIT_ORDERS)"),
                routed.result().error().message());
        assertEquals(0, marketOnly.orders.get());
    }

    @Test
    void explicitRoutingGoesToTheNamedAccountOrSaysWhyNot() throws Exception {
        Account a = new Account("a", false, null);
        Account b = new Account("b", true, null);
        registry.accounts.addAll(List.of(a, b));
        assertEquals("a", route(market(), RoutingRequest.explicit("a")).accountId());
        RoutedOrderResult refused = route(limit(), RoutingRequest.explicit("a"));
        assertEquals(ErrorCode.UNSUPPORTED_ORDER_TYPE, refused.result().error().code());
        assertEquals(ErrorCode.ACCOUNT_NOT_FOUND, route(market(), RoutingRequest.explicit("nobody")).result().error().code());
        assertEquals(0, b.orders.get());
    }

    @Test
    void lowestLatencyPrefersTheFastestAndMeasuresTheUnmeasured() throws Exception {
        Account slow = new Account("slow", false, Duration.ofMillis(40));
        Account fast = new Account("fast", false, Duration.ofMillis(8));
        registry.accounts.addAll(List.of(slow, fast));
        assertEquals("fast", route(market(), RoutingRequest.of(RoutingStrategy.LOWEST_LATENCY)).accountId());
        Account fresh = new Account("fresh", false, null);
        registry.accounts.add(fresh);
        assertEquals("fresh", route(market(), RoutingRequest.of(RoutingStrategy.LOWEST_LATENCY)).accountId());
    }

    @Test
    void failoverStaysOnTheNamedAccountUntilItIsDownThenTakesTheFastestOther() throws Exception {
        Account primary = new Account("primary", false, Duration.ofMillis(50));
        Account slow = new Account("slow", false, Duration.ofMillis(40));
        Account fast = new Account("fast", false, Duration.ofMillis(8));
        registry.accounts.addAll(List.of(primary, slow, fast));
        RoutingRequest failover = new RoutingRequest(RoutingStrategy.FAILOVER, "primary", null);
        assertEquals("primary", route(market(), failover).accountId());
        primary.status = HealthStatus.DOWN;
        RoutedOrderResult routed = route(market(), failover);
        assertEquals("fast", routed.accountId());
        assertEquals(RoutingStrategy.FAILOVER, routed.strategy());
        fast.status = HealthStatus.STOPPED;
        slow.status = HealthStatus.CONNECTING;
        RoutedOrderResult none = route(market(), failover);
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, none.result().error().code());
        assertEquals(1, primary.orders.get());
    }

    /**
     * An experiment order's answer is given even when its outcome cannot be recorded: here the account's
     * capabilities fail while the slippage is worked out, and then the store is closed under the router.
     */
    @Test
    void anOrderIsAnsweredEvenWhenItsOutcomeCannotBeRecorded() throws Exception {
        Account broken = new Account("a", false, null) {
            @Override
            public BrokerCapabilities capabilities() {
                throw new IllegalStateException("capabilities withdrawn");
            }
        };
        Account healthy = new Account("b", false, null);
        registry.accounts.addAll(List.of(broken, healthy));
        router.bindExperiment(new ExperimentComponent(new TestExperimentConfig("solo", "a=100", "b=0")));
        UnifiedOrder seen = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).referencePrice(new BigDecimal("1.09990")).build();
        RoutedOrderResult routed = route(seen, RoutingRequest.experiment("solo"));
        assertEquals(OrderStatus.FILLED, routed.result().status());
        assertEquals("a", routed.arm());
        assertEquals(1, broken.orders.get());

        router.bindExperiment(new ExperimentComponent(new TestExperimentConfig("solo-b", "a=0", "b=100")));
        router.outcomes.close();
        RoutedOrderResult unrecorded = route(market(), RoutingRequest.experiment("solo-b"));
        assertEquals(OrderStatus.FILLED, unrecorded.result().status());
        assertEquals(1, healthy.orders.get());
    }

    @Test
    void anExperimentSplitsByTheStableHashAndOverridesAnArmThatCannotTakeTheOrder() throws Exception {
        Account a = new Account("a", false, null);
        Account b = new Account("b", false, null);
        registry.accounts.addAll(List.of(a, b));
        router.bindExperiment(new ExperimentComponent(new TestExperimentConfig("ab", "a=50", "b=50")));
        Map<String, Integer> arms = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).clientOrderId("c-" + i).build();
            RoutedOrderResult routed = route(order, RoutingRequest.experiment("ab"));
            assertEquals(routed.accountId(), routed.arm());
            assertEquals("ab", routed.experiment());
            assertTrue(!routed.override());
            arms.merge(routed.arm(), 1, Integer::sum);
            // the same client order id lands in the same arm every time
            assertEquals(routed.arm(), route(order.toBuilder().build(), RoutingRequest.experiment("ab")).arm());
        }
        assertEquals(1000, arms.get("a"), 100);
        assertEquals(1000, arms.get("b"), 100);
        // every experiment order left its outcome in the store before the router answered
        OutcomeStore reader = new OutcomeStore(OutcomeStore.embedded(directory.resolve("outcomes").toString()));
        Map<String, Long> stored = reader.countsByArm("ab", false);
        assertEquals(4000L, stored.get("a") + stored.get("b"));

        b.status = HealthStatus.DOWN;
        int overrides = 0;
        for (int i = 0; i < 200; i++) {
            RoutedOrderResult routed = route(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).clientOrderId("c-" + i).build(),
                    RoutingRequest.experiment("ab"));
            assertEquals("a", routed.accountId());
            overrides += routed.override() ? 1 : 0;
        }
        assertTrue(overrides > 60 && overrides < 140, "orders assigned to b are overrides: " + overrides);
    }

    @Test
    void anArmWhoseTradingStateRefusesIsOverriddenAndWhenEveryArmRefusesTheHandleSaysSo() throws Exception {
        Account a = new Account("a", false, null);
        Account b = new Account("b", false, null);
        registry.accounts.addAll(List.of(a, b));
        router.bindExperiment(new ExperimentComponent(new TestExperimentConfig("ab", "a=50", "b=50")));
        Set<String> halted = new CopyOnWriteArraySet<>(List.of("b"));
        router.preTradeCheck = new PreTradeCheck() {
            @Override public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) { return stateRefusal(accountId, order); }
            @Override public void answered(String accountId, UnifiedOrder order, OrderResult result) { }
            @Override public Optional<ErrorDetail> replaceRefusal(String accountId, UnifiedOrder order) { return stateRefusal(accountId, order); }
            @Override public Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order) {
                return halted.contains(accountId) ? Optional.of(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, accountId + " is HALTED"))
                        : Optional.empty();
            }
            @Override public TradingState state(String accountId) {
                return halted.contains(accountId) ? TradingState.HALTED : TradingState.ACTIVE;
            }
        };
        int overrides = 0;
        for (int i = 0; i < 200; i++) {
            RoutedOrderResult routed = route(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).clientOrderId("h-" + i).build(),
                    RoutingRequest.experiment("ab"));
            assertEquals("a", routed.accountId(), "a halted arm takes no order");
            overrides += routed.override() ? 1 : 0;
        }
        assertTrue(overrides > 60 && overrides < 140, "orders assigned to b are overrides: " + overrides);
        assertEquals(0, b.orders.get());
        // capability routing passes over the halted account too
        assertEquals("a", route(market(), RoutingRequest.of(RoutingStrategy.CAPABILITY)).accountId());
        halted.add("a");
        RoutedOrderResult refused = route(UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).clientOrderId("h-x").build(),
                RoutingRequest.experiment("ab"));
        // every arm halted: the assigned arm's handle answers (here the test's accounts do not ask the gate, so it fills)
        assertEquals(false, refused.override());
    }

    @Test
    void aResentClientOrderIdIsAnsweredButNeverBecomesASecondOutcome() throws Exception {
        Account a = new Account("a", false, null);
        Account b = new Account("b", false, null);
        a.refusesDuplicates = true;
        b.refusesDuplicates = true;
        registry.accounts.addAll(List.of(a, b));
        router.bindExperiment(new ExperimentComponent(new TestExperimentConfig("solo", "a=50", "b=50")));
        UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.ONE).clientOrderId("same-id").build();
        assertEquals(OrderStatus.FILLED, route(order, RoutingRequest.experiment("solo")).result().status());
        RoutedOrderResult resent = route(order.toBuilder().build(), RoutingRequest.experiment("solo"));
        // the caller still learns that the broker refused the resend
        assertEquals(OrderStatus.REJECTED, resent.result().status());
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, resent.result().error().code());
        OutcomeStore reader = new OutcomeStore(OutcomeStore.embedded(directory.resolve("outcomes").toString()));
        Map<String, Long> stored = reader.countsByArm("solo", false);
        assertEquals(1L, stored.values().stream().mapToLong(Long::longValue).sum(), "outcomes: " + stored);
        assertEquals(0L, reader.countsByArm("solo", true).values().stream().mapToLong(Long::longValue).sum());
        assertEquals(2, a.orders.get() + b.orders.get());
    }

    @Test
    void ordersOutsideTheFilterAreNotPartOfTheExperimentAndAStoppedExperimentTakesNone() throws Exception {
        registry.accounts.addAll(List.of(new Account("a", false, null), new Account("b", false, null)));
        TestExperimentConfig gbpOnly = new TestExperimentConfig("gbp", "a=50", "b=50");
        gbpOnly.instruments = new String[] {"GBP_USD"};
        router.bindExperiment(new ExperimentComponent(gbpOnly));
        RoutedOrderResult outside = route(market(), RoutingRequest.experiment("gbp"));
        assertEquals(RoutingStrategy.CAPABILITY, outside.strategy());
        assertNull(outside.experiment());
        assertEquals(OrderStatus.FILLED, outside.result().status());

        TestExperimentConfig stopped = new TestExperimentConfig("stopped", "a=50", "b=50");
        stopped.running = false;
        router.bindExperiment(new ExperimentComponent(stopped));
        assertTrue(route(market(), RoutingRequest.experiment("stopped")).result().error().message().contains("is stopped"));
    }

    @Test
    void anExperimentWithWeightsThatDoNotAddUpCannotStart() {
        InvalidConfigurationException e = Assertions.assertThrows(
                InvalidConfigurationException.class,
                () -> new ExperimentComponent(new TestExperimentConfig("bad", "a=60", "b=30")));
        assertTrue(e.getMessage().contains("sum to 90.00 %, not exactly 100 %"), e.getMessage());
    }

    @Test
    void withoutItsOutcomeStoreAnExperimentTakesNoOrder() throws Exception {
        Account a = new Account("a", false, null);
        registry.accounts.addAll(List.of(a, new Account("b", false, null)));
        router.bindExperiment(new ExperimentComponent(new TestExperimentConfig("ab", "a=50", "b=50")));
        OrderRouterImpl bare = new OrderRouterImpl(registry);
        bare.bindExperiment(new ExperimentComponent(new TestExperimentConfig("ab", "a=50", "b=50")));
        RoutedOrderResult routed = bare.submit(market(), RoutingRequest.experiment("ab")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, routed.result().status());
        assertTrue(routed.result().error().message().contains("outcome store is not available"));
        assertEquals(0, a.orders.get());
    }

    @Test
    void anUnknownExperimentIsRefusedBeforeAnyBrokerCall() throws Exception {
        Account a = new Account("a", false, null);
        registry.accounts.add(a);
        RoutedOrderResult routed = route(market(), RoutingRequest.experiment("nope"));
        assertEquals(OrderStatus.REJECTED, routed.result().status());
        assertTrue(routed.result().error().message().contains("no experiment named nope"));
        assertEquals(0, a.orders.get());
    }
}
