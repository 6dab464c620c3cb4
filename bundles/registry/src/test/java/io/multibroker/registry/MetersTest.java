package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.metrics.OrderMetrics;
import io.multibroker.api.model.OrderStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetersTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void aWindowCountsOnlyItsMinutesAndTheTotalCountsEverything() {
        OperationMeter meter = new OperationMeter("placeOrder", START);
        // 100 calls of 1..100 ms in the first minute, 10 failures at 500 ms ten minutes later
        for (int i = 1; i <= 100; i++) {
            meter.record(START.plusSeconds(5), Duration.ofMillis(i).toNanos(), null);
        }
        for (int i = 0; i < 10; i++) {
            meter.record(START.plusSeconds(600), Duration.ofMillis(500).toNanos(), ErrorCode.TIMEOUT);
        }
        Instant now = START.plusSeconds(660);
        OperationMetrics all = meter.snapshot(Instant.EPOCH, now);
        assertEquals(110, all.calls());
        assertEquals(100, all.successes());
        assertEquals(Map.of(ErrorCode.TIMEOUT, 10L), all.errors());
        assertEquals(110 / 660.0, all.throughputPerSecond(), 1e-9);

        OperationMetrics lastFiveMinutes = meter.snapshot(now.minusSeconds(300), now);
        assertEquals(10, lastFiveMinutes.calls());
        assertEquals(0, lastFiveMinutes.successes());
        assertEquals(10 / 300.0, lastFiveMinutes.throughputPerSecond(), 1e-9);
        assertEquals(500, lastFiveMinutes.p50().toMillis(), 1);

        OperationMetrics firstMinute = meter.snapshot(START.plusSeconds(1), START.plusSeconds(59));
        assertEquals(100, firstMinute.calls());
        // HDR histograms at three significant digits: percentiles within 0.1 %
        assertEquals(50.0, firstMinute.p50().toNanos() / 1e6, 0.1);
        assertEquals(99.0, firstMinute.p99().toNanos() / 1e6, 0.1);
        assertEquals(100.0, firstMinute.max().toNanos() / 1e6, 0.1);
    }

    @Test
    void minutesOlderThanAnHourAreRecycledWithoutGrowingMemory() {
        OperationMeter meter = new OperationMeter("checkHealth", START);
        for (int minute = 0; minute < 180; minute++) {
            meter.record(START.plusSeconds(minute * 60L), 1000, null);
        }
        Instant now = START.plusSeconds(179 * 60L);
        assertEquals(30, meter.snapshot(now.minusSeconds(29 * 60L), now).calls());
        assertEquals(180, meter.snapshot(Instant.EPOCH, now).calls());
    }

    @Test
    void fillRateRejectRateAndSlippageOfOrders() {
        OrderMeter meter = new OrderMeter(START);
        Instant at = START.plusSeconds(10);
        meter.record(at, OrderStatus.FILLED, new BigDecimal("1.5"));
        meter.record(at, OrderStatus.FILLED, new BigDecimal("-0.5"));
        meter.record(at, OrderStatus.PARTIALLY_FILLED, null);
        meter.record(at, OrderStatus.REJECTED, null);
        OrderMetrics metrics = meter.snapshot(Instant.EPOCH, at);
        assertEquals(4, metrics.orders());
        assertEquals(new BigDecimal("0.7500"), metrics.fillRate());
        assertEquals(new BigDecimal("0.2500"), metrics.rejectRate());
        assertEquals(2, metrics.slippageSamples());
        assertEquals(new BigDecimal("0.500"), metrics.meanSlippagePips());
        assertEquals(new BigDecimal("1.500"), metrics.worstSlippagePips());
        assertTrue(meter.snapshot(at.plusSeconds(120), at.plusSeconds(180)).orders() == 0);
    }
}
