package io.multibroker.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorSummary;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** What the registry notices about accounts: capability changes, errors and error rates. */
class RegistryObservationTest {

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final BrokerRegistryImpl registry = new BrokerRegistryImpl(new TestRegistryConfig(),
            (BrokerRegistryImpl.SchemaSource) entry -> Optional.of(new ConfigurationSchema("p", "p", "", List.of())));

    RegistryObservationTest() {
        registry.bindEventAdmin(new EventAdmin() {
            @Override public void postEvent(Event event) { events.add(event); }
            @Override public void sendEvent(Event event) { events.add(event); }
        });
    }

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private FakeAdapter upAccount(String id, long serviceId) {
        FakeAdapter adapter = new FakeAdapter(id);
        registry.addAdapter(serviceId, adapter, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.account(id).map(a -> a.health().status() == HealthStatus.UP).orElse(false));
        return adapter;
    }

    @Test
    void aChangeInWhatABrokerOffersIsPublishedAndKeptInTheHistory() {
        FakeAdapter adapter = upAccount("cap", 1);
        registry.refreshAllCapabilities();
        assertTrue(registry.capabilityHistory("cap").isEmpty(), "nothing changed yet");

        Instrument gold = new Instrument("XAU_USD", InstrumentType.METAL, 3, 0, BigDecimal.ONE, BigDecimal.TEN, new BigDecimal("0.05"), -2);
        adapter.capabilities = new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS),
                Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK), OrderType.LIMIT, Set.of(TimeInForce.GTC)),
                Map.of("XAU_USD", gold));
        registry.refreshAllCapabilities();

        List<CapabilityChange> history = registry.capabilityHistory("cap");
        assertEquals(1, history.size());
        CapabilityChange change = history.get(0);
        assertEquals("refresh", change.trigger());
        assertEquals(Set.of(BrokerCapability.LIMIT_ORDERS), change.diff().featuresAdded());
        assertEquals(Set.of("XAU_USD"), change.diff().instrumentsAdded());
        assertEquals(Set.of("EUR_USD"), change.diff().instrumentsRemoved());

        Event event = events.stream().filter(e -> e.getTopic().equals(BrokerRegistry.TOPIC_CAPABILITIES_CHANGED)).findFirst().orElseThrow();
        assertEquals("cap", event.getProperty("account.id"));
        assertArrayEquals(new String[] {"LIMIT_ORDERS"}, (String[]) event.getProperty("features.added"));
        assertArrayEquals(new String[] {"EUR_USD"}, (String[]) event.getProperty("instruments.removed"));

        registry.refreshAllCapabilities();
        assertEquals(1, registry.capabilityHistory("cap").size(), "an unchanged refresh adds nothing");
    }

    @Test
    void aReplacedAdapterIsComparedWithTheOldSnapshot() {
        FakeAdapter first = upAccount("re", 2);
        registry.removeAdapter(2, first);
        FakeAdapter second = new FakeAdapter("re");
        second.capabilities = first.capabilities.withInstruments(Map.of());
        registry.addAdapter(3, second, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.capabilityHistory("re").size() == 1);
        assertEquals("connect", registry.capabilityHistory("re").get(0).trigger());
        assertEquals(Set.of("EUR_USD"), registry.capabilityHistory("re").get(0).diff().instrumentsRemoved());
    }

    @Test
    void errorsAreCountedByAccountAndCodeWithTheLatestOfEach() {
        FakeAdapter adapter = upAccount("err", 4);
        Instant before = Instant.now();
        for (int i = 0; i < 3; i++) {
            registry.requireAccount("err").adapter().cancelOrder("o-" + i);
        }
        assertThrowsSilently(() -> registry.requireAccount("err").adapter().getOrder("x").toCompletableFuture().join());
        List<ErrorSummary> errors = registry.errors(before);
        ErrorSummary notFound = errors.stream().filter(e -> e.code() == ErrorCode.ORDER_NOT_FOUND).findFirst().orElseThrow();
        assertEquals(3, notFound.count());
        assertEquals("err", notFound.accountId());
        assertEquals("cancelOrder", notFound.lastOperation());
        assertEquals("no order o-2", notFound.last().message());
        assertEquals("err", notFound.last().context().accountId());
        assertEquals(1, errors.stream().filter(e -> e.code() == ErrorCode.UNKNOWN_ERROR).count());
        assertTrue(registry.errors(Instant.now().plusSeconds(1)).isEmpty(), "the window excludes older errors");
        assertEquals(0, adapter.placed.get());
    }

    @Test
    void anAccountWhoseBrokerFailsTooOftenTurnsDegradedAndRecovers() {
        FakeAdapter adapter = upAccount("rate", 5);
        adapter.onPlace = order -> CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, "503",
                "maintenance", ErrorContext.NONE));
        for (int i = 0; i < 30; i++) {
            registry.requireAccount("rate").adapter().placeOrder(UnifiedOrder.market("EUR_USD",
                    OrderSide.BUY, BigDecimal.ONE).build()).toCompletableFuture().join();
        }
        registry.checkAll();
        assertEquals(HealthStatus.DEGRADED, registry.requireAccount("rate").health().status());
        assertTrue(registry.requireAccount("rate").health().reason().matches("error rate \\d+% \\(30 of \\d+ calls\\) over the last 60 s, threshold 50%"),
                registry.requireAccount("rate").health().reason());
        assertTrue(events.stream().anyMatch(e -> e.getTopic().equals(BrokerRegistry.TOPIC_HEALTH_CHANGED)
                && "DEGRADED".equals(e.getProperty("status"))));

        // once the broker answers again and good calls outweigh the failures in the window, it is UP again
        adapter.onPlace = new FakeAdapter("rate").onPlace;
        for (int i = 0; i < 40; i++) {
            registry.requireAccount("rate").adapter().placeOrder(UnifiedOrder.market("EUR_USD",
                    OrderSide.BUY, BigDecimal.ONE).build()).toCompletableFuture().join();
        }
        registry.checkAll();
        assertEquals(HealthStatus.UP, registry.requireAccount("rate").health().status());
    }

    private static void assertThrowsSilently(Runnable runnable) {
        try {
            runnable.run();
        } catch (RuntimeException expected) {
            return;
        }
        throw new AssertionError("no failure");
    }
}
