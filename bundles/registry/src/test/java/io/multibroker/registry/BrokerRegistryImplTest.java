package io.multibroker.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerType;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BrokerRegistryImplTest {

    private final BrokerRegistryImpl registry = new BrokerRegistryImpl(new TestRegistryConfig(),
            (BrokerRegistryImpl.SchemaSource) entry -> Optional.of(new ConfigurationSchema(entry.type().factoryPid(), entry.type().displayName(), "", List.of())));

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private static UnifiedOrder marketOrder() {
        return UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).build();
    }

    private void awaitStatus(String account, HealthStatus status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.account(account)
                .map(a -> a.health().status() == status).orElse(false));
    }

    @Test
    void anAdapterAppearsConnectsAndDisappearsWithNothingLeft() {
        FakeAdapter adapter = new FakeAdapter("a1");
        registry.addAdapter(11, adapter, true);
        assertTrue(registry.account("a1").isPresent());
        awaitStatus("a1", HealthStatus.UP);
        assertEquals(1, adapter.connects.get());
        assertEquals(List.of("a1"), registry.eligibleAccounts(marketOrder()).stream().map(BrokerAccount::accountId).toList());

        registry.removeAdapter(11, adapter);
        assertTrue(registry.account("a1").isEmpty());
        assertTrue(registry.accounts().isEmpty());
        assertTrue(registry.eligibleAccounts(marketOrder()).isEmpty());
        assertEquals(ErrorCode.ACCOUNT_NOT_FOUND, assertBrokerError(() -> registry.requireAccount("a1")).code());
    }

    @Test
    void failedAuthenticationLeavesTheAccountDownWithTheReason() {
        FakeAdapter adapter = new FakeAdapter("bad");
        adapter.connectResult = CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.AUTHENTICATION_FAILED, "token rejected"));
        registry.addAdapter(12, adapter, true);
        awaitStatus("bad", HealthStatus.DOWN);
        BrokerAccount account = registry.requireAccount("bad");
        assertEquals(ErrorCode.AUTHENTICATION_FAILED, account.health().code());
        assertTrue(account.health().reason().contains("token rejected"), account.health().reason());
        assertTrue(registry.eligibleAccounts(marketOrder()).isEmpty());
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, registry.ineligibleAccounts(marketOrder()).get("bad").code());
        // a wrong token cannot heal by retrying: no reconnect storm on later health rounds
        registry.checkAll();
        registry.checkAll();
        assertEquals(1, adapter.connects.get());
    }

    @Test
    void healthFollowsTheAdapterAndAnUnreachableAccountIsRetried() {
        FakeAdapter adapter = new FakeAdapter("h");
        registry.addAdapter(13, adapter, true);
        awaitStatus("h", HealthStatus.UP);
        adapter.health = HealthReport.down(ErrorCode.BROKER_UNAVAILABLE, "maintenance");
        registry.checkAll();
        assertEquals(HealthStatus.DOWN, registry.requireAccount("h").health().status());
        assertEquals("maintenance", registry.requireAccount("h").health().reason());
        assertTrue(registry.eligibleAccounts(marketOrder()).isEmpty(), "a DOWN account takes no orders");
        adapter.health = HealthReport.up();
        registry.checkAll();
        assertEquals(HealthStatus.UP, registry.requireAccount("h").health().status());
        assertEquals(List.of("h"), registry.eligibleAccounts(marketOrder()).stream().map(BrokerAccount::accountId).toList());
        assertEquals(2, adapter.connects.get(), "a DOWN account is reconnected on the next round");
        assertTrue(registry.requireAccount("h").health().lastCheckLatency() != null);
    }

    @Test
    void aStoppedAccountIsRegisteredButTakesNoOrders() throws Exception {
        FakeAdapter adapter = new FakeAdapter("s");
        registry.addAdapter(14, adapter, false);
        BrokerAccount account = registry.requireAccount("s");
        assertEquals(HealthStatus.STOPPED, account.health().status());
        OrderResult result = account.adapter().placeOrder(marketOrder()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, result.error().code());
        assertEquals(0, adapter.placed.get(), "the adapter of a stopped account was called");
        assertEquals(0, adapter.connects.get());
    }

    @Test
    void anAccountIdConfiguredTwiceKeepsTheFirstAndPromotesTheSecondWhenTheFirstGoes() {
        FakeAdapter first = new FakeAdapter("dup");
        FakeAdapter second = new FakeAdapter("dup");
        registry.addAdapter(21, first, true);
        registry.addAdapter(22, second, true);
        assertEquals(1, registry.accounts().size());
        assertEquals(1, registry.conflicts().size());
        awaitStatus("dup", HealthStatus.UP);
        assertEquals(0, second.connects.get());
        registry.removeAdapter(21, first);
        awaitStatus("dup", HealthStatus.UP);
        assertEquals(1, second.connects.get());
    }

    @Test
    void eligibilityNamesTheMissingCapability() {
        registry.addAdapter(31, new FakeAdapter("m"), true);
        awaitStatus("m", HealthStatus.UP);
        UnifiedOrder limit = UnifiedOrder.limit("EUR_USD", OrderSide.BUY, BigDecimal.TEN, new BigDecimal("1.1")).build();
        assertTrue(registry.eligibleAccounts(limit).isEmpty());
        ErrorDetail reason = registry.ineligibleAccounts(limit).get("m");
        assertEquals(ErrorCode.UNSUPPORTED_ORDER_TYPE, reason.code());
        assertTrue(reason.message().contains(BrokerCapability.LIMIT_ORDERS.name()), reason.message());
        UnifiedOrder unknown = UnifiedOrder.market("XYZ_ABC", OrderSide.BUY, BigDecimal.TEN).build();
        assertEquals(ErrorCode.INVALID_SYMBOL, registry.ineligibleAccounts(unknown).get("m").code());
    }

    @Test
    void everyCallIsMeteredByOutcomeAndErrorCode() throws Exception {
        FakeAdapter adapter = new FakeAdapter("met");
        registry.addAdapter(41, adapter, true);
        awaitStatus("met", HealthStatus.UP);
        BrokerAccount account = registry.requireAccount("met");
        for (int i = 0; i < 3; i++) {
            account.adapter().placeOrder(marketOrder()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        adapter.onPlace = order -> CompletableFuture.completedFuture(OrderResult.rejected("met", order,
                ErrorDetail.of(ErrorCode.INSUFFICIENT_FUNDS, "no margin"), Instant.now()));
        account.adapter().placeOrder(marketOrder()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThrowsBrokerError(ErrorCode.ORDER_NOT_FOUND, () -> account.adapter().cancelOrder("9").toCompletableFuture().get());

        OperationMetrics place = account.metrics().get("placeOrder");
        assertEquals(4, place.calls());
        assertEquals(3, place.successes());
        assertEquals(Map.of(ErrorCode.INSUFFICIENT_FUNDS, 1L), place.errors());
        assertTrue(place.p99().compareTo(place.p50()) >= 0);
        assertEquals(Map.of(ErrorCode.ORDER_NOT_FOUND, 1L), account.metrics().get("cancelOrder").errors());

        // the same numbers for standard monitoring, over JMX
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.multibroker:type=AccountMetrics,account=met");
        assertEquals(4L, server.getAttribute(name, "placeOrder.Calls"));
        assertEquals(1L, server.getAttribute(name, "placeOrder.Errors"));
        assertEquals(0.25, (Double) server.getAttribute(name, "RejectRate"), 1e-9);
        assertTrue((Double) server.getAttribute(name, "placeOrder.P99Millis") >= 0);
        assertEquals("UP", server.getAttribute(name, "Status"));
        registry.removeAdapter(41, adapter);
        assertTrue(!server.isRegistered(name), "the MBean outlived its account");
    }

    @Test
    void slippageIsMeasuredAgainstThePriceTheCallerSaw() throws Exception {
        FakeAdapter adapter = new FakeAdapter("slip");
        registry.addAdapter(42, adapter, true);
        awaitStatus("slip", HealthStatus.UP);
        BrokerAccount account = registry.requireAccount("slip");
        // the fake fills at 1.1: a buy that saw 1.09980 paid 2 pips more, a sell that saw 1.09990 got 1 pip more
        account.adapter().placeOrder(marketOrder().withReferencePrice(new BigDecimal("1.09980"))).toCompletableFuture().get(5, TimeUnit.SECONDS);
        account.adapter().placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.SELL, BigDecimal.TEN)
                .referencePrice(new BigDecimal("1.09990")).build()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        var orders = account.metrics(Instant.EPOCH).orders();
        assertEquals(2, orders.slippageSamples());
        assertEquals(new BigDecimal("0.500"), orders.meanSlippagePips());
        assertEquals(new BigDecimal("2.000"), orders.worstSlippagePips());
        assertEquals(new BigDecimal("1.0000"), orders.fillRate());
    }

    @Test
    void aBrokenAdapterIsHeldToTheContract() throws Exception {
        FakeAdapter adapter = new FakeAdapter("broken");
        registry.addAdapter(51, adapter, true);
        awaitStatus("broken", HealthStatus.UP);
        BrokerAccount account = registry.requireAccount("broken");
        // it throws instead of failing its stage: the caller still gets a StandardBrokerError
        assertThrowsBrokerError(ErrorCode.UNKNOWN_ERROR, () -> account.adapter().getOrder("1").toCompletableFuture().get());
        // it fails an order with an error that says nothing about the outcome: UNKNOWN, to reconcile
        adapter.onPlace = order -> CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.BROKER_PROTOCOL_ERROR, "garbled"));
        OrderResult unknown = account.adapter().placeOrder(marketOrder()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.UNKNOWN, unknown.status());
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, unknown.error().code());
        // it fails an order with an error that certainly did not execute: REJECTED, safe to send elsewhere
        adapter.onPlace = order -> CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.RATE_LIMITED, "slow down"));
        OrderResult rejected = account.adapter().placeOrder(marketOrder()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, rejected.status());
        assertTrue(rejected.error().retryable());
    }

    @Test
    void brokerTypesComeAndGo() {
        BrokerType type = new BrokerType() {
            @Override public String id() { return "fake"; }
            @Override public String displayName() { return "Fake"; }
            @Override public String factoryPid() { return "io.multibroker.fake"; }
            @Override public Set<BrokerCapability> staticCapabilities() { return Set.of(BrokerCapability.MARKET_ORDERS); }
        };
        registry.addType(61, type, null);
        assertEquals(List.of("fake"), registry.types().stream().map(t -> t.id()).toList());
        assertEquals("io.multibroker.fake", registry.type("fake").orElseThrow().schema().pid());
        registry.removeType(61, type);
        assertTrue(registry.types().isEmpty());
        assertTrue(registry.type("fake").isEmpty());
    }

    private static StandardBrokerError assertBrokerError(Executable executable) {
        try {
            executable.execute();
        } catch (Throwable t) {
            return StandardBrokerError.from(t);
        }
        throw new AssertionError("no error");
    }

    private static void assertThrowsBrokerError(ErrorCode code, Executable executable) {
        StandardBrokerError error = assertBrokerError(() -> {
            try {
                executable.execute();
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        });
        assertEquals(code, error.code(), error.toString());
        assertFalse(error.brokerMessage().isBlank());
    }
}
