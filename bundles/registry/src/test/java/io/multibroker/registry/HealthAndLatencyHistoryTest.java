package io.multibroker.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.HealthChange;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.metrics.LatencyMinute;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timeline of an account's health and the last hour of its latency per minute, as the dashboard reads them. */
class HealthAndLatencyHistoryTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    private final BrokerRegistryImpl registry = new BrokerRegistryImpl(new TestRegistryConfig(),
            (BrokerRegistryImpl.SchemaSource) entry -> Optional.of(new ConfigurationSchema("p", "p", "", List.of())));

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private List<HealthStatus> targets(String accountId) {
        return registry.healthHistory(accountId).stream().map(HealthChange::to).toList();
    }

    @Test
    void everyChangeOfStatusIsKeptWithItsReasonAndOutlivesAReplacedAdapter() {
        FakeAdapter adapter = new FakeAdapter("h");
        registry.addAdapter(1, adapter, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> targets("h").equals(List.of(HealthStatus.UP)));
        HealthChange up = registry.healthHistory("h").get(0);
        assertEquals(HealthStatus.CONNECTING, up.from());
        assertEquals("h", up.accountId());

        adapter.health = HealthReport.down(ErrorCode.BROKER_UNAVAILABLE, "maintenance window");
        registry.checkAll();
        registry.checkAll();
        assertEquals(List.of(HealthStatus.UP, HealthStatus.DOWN), targets("h"), "a second check of the same status adds nothing");
        HealthChange down = registry.healthHistory("h").get(1);
        assertEquals(HealthStatus.UP, down.from());
        assertEquals("maintenance window", down.reason());
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, down.code());
        assertTrue(!down.at().isBefore(up.at()), "oldest first");

        adapter.health = HealthReport.up();
        registry.checkAll();
        assertEquals(List.of(HealthStatus.UP, HealthStatus.DOWN, HealthStatus.UP), targets("h"), "a DOWN account is connected again");

        // a reconfiguration replaces the adapter service: the account's timeline goes on
        registry.removeAdapter(1, adapter);
        registry.addAdapter(2, new FakeAdapter("h"), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> targets("h").size() == 4);
        assertEquals(HealthStatus.CONNECTING, registry.healthHistory("h").get(3).from());
        assertEquals(List.of(), registry.healthHistory("never-seen"));
    }

    @Test
    void theHistoryKeepsTheLatestChangesOfAFlappingAccount() {
        HealthHistory history = new HealthHistory();
        AccountHealth up = new AccountHealth(HealthStatus.UP, null, null, Duration.ZERO, START);
        for (int i = 0; i < HealthHistory.LIMIT + 50; i++) {
            AccountHealth down = new AccountHealth(HealthStatus.DOWN, "flap " + i, ErrorCode.TIMEOUT, Duration.ZERO, START.plusSeconds(i));
            history.record("f", up, down);
        }
        List<HealthChange> kept = history.of("f");
        assertEquals(HealthHistory.LIMIT, kept.size());
        assertEquals("flap 50", kept.get(0).reason());
        assertEquals("flap " + (HealthHistory.LIMIT + 49), kept.get(kept.size() - 1).reason());
        history.record("f", up, up);
        assertEquals(HealthHistory.LIMIT, history.of("f").size(), "no change of status, nothing recorded");
    }

    @Test
    void eachMinuteOfTheLastHourHasItsOwnPercentilesAndOlderMinutesAreLeftOut() {
        OperationMeter meter = new OperationMeter("placeOrder", START);
        meter.record(START.plusSeconds(10), Duration.ofMillis(900).toNanos(), null);
        // 100 calls of 1..100 ms in minute 70, 10 of 500 ms in minute 80; minute 0 is older than the hour before minute 81
        for (int i = 1; i <= 100; i++) {
            meter.record(START.plusSeconds(70 * 60 + 5), Duration.ofMillis(i).toNanos(), null);
        }
        for (int i = 0; i < 10; i++) {
            meter.record(START.plusSeconds(80 * 60 + 30), Duration.ofMillis(500).toNanos(), ErrorCode.TIMEOUT);
        }
        List<LatencyMinute> minutes = meter.byMinute(START.plusSeconds(81 * 60));
        assertEquals(2, minutes.size(), minutes.toString());
        LatencyMinute first = minutes.get(0);
        assertEquals(START.plusSeconds(70 * 60), first.minute());
        assertEquals(100, first.calls());
        // HDR histograms at three significant digits: within 0.1 %
        assertEquals(50.0, first.p50Millis(), 0.1);
        assertEquals(99.0, first.p99Millis(), 0.1);
        LatencyMinute second = minutes.get(1);
        assertEquals(START.plusSeconds(80 * 60), second.minute());
        assertEquals(10, second.calls());
        assertEquals(500.0, second.p50Millis(), 0.5);
        assertEquals(500.0, second.p99Millis(), 0.5);
    }

    @Test
    void anAccountsOrdersShowInItsMinutesOfLatency() throws Exception {
        registry.addAdapter(3, new FakeAdapter("lat"), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> targets("lat").contains(HealthStatus.UP));
        assertEquals(List.of(), registry.requireAccount("lat").latencyByMinute("placeOrder"), "no order yet");
        for (int i = 0; i < 5; i++) {
            UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId("lat-" + i).build();
            registry.requireAccount("lat").adapter().placeOrder(order).toCompletableFuture().get();
        }
        List<LatencyMinute> minutes = registry.requireAccount("lat").latencyByMinute("placeOrder");
        // the orders may straddle a minute's end
        assertEquals(5, minutes.stream().mapToLong(LatencyMinute::calls).sum(), minutes.toString());
        assertTrue(minutes.size() <= 2 && minutes.stream().allMatch(m -> m.p99Millis() >= m.p50Millis()), minutes.toString());
    }
}
