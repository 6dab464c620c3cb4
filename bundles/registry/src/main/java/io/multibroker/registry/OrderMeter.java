package io.multibroker.registry;

import io.multibroker.api.metrics.OrderMetrics;
import io.multibroker.api.model.OrderStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Order outcomes and slippage of one account: in total and per minute over the last hour. */
final class OrderMeter {

    static final class Outcomes implements MinuteRing.Bucket {
        final long minute;
        final LongAdder[] byStatus = new LongAdder[OrderStatus.values().length];
        private long slippageSamples;
        private BigDecimal slippageSumPips = BigDecimal.ZERO;
        private BigDecimal worstPips = BigDecimal.ZERO;

        Outcomes(long minute) {
            this.minute = minute;
            for (int i = 0; i < byStatus.length; i++) {
                byStatus[i] = new LongAdder();
            }
        }

        @Override
        public long minute() {
            return minute;
        }

        void add(OrderStatus status, BigDecimal slippagePips) {
            byStatus[status.ordinal()].increment();
            if (slippagePips != null) {
                synchronized (this) {
                    slippageSamples++;
                    slippageSumPips = slippageSumPips.add(slippagePips);
                    worstPips = worstPips.max(slippagePips);
                }
            }
        }
    }

    private final Instant start;
    private final Outcomes total = new Outcomes(Long.MIN_VALUE);
    private final MinuteRing<Outcomes> minutes = new MinuteRing<>(Outcomes::new);

    OrderMeter(Instant start) {
        this.start = start;
    }

    /** One order's first answer; slippage in pips against the caller (positive = worse), or null when unknown. */
    void record(Instant at, OrderStatus status, BigDecimal slippagePips) {
        total.add(status, slippagePips);
        minutes.bucket(at.getEpochSecond() / 60).add(status, slippagePips);
    }

    OrderMetrics snapshot(Instant since, Instant now) {
        boolean useTotal = !since.isAfter(start) || since.isBefore(now.minusSeconds((MinuteRing.MINUTES - 1) * 60L));
        List<Outcomes> parts = useTotal ? List.of(total) : minutes.between(since.getEpochSecond() / 60, now.getEpochSecond() / 60);
        Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
        long samples = 0;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal worst = BigDecimal.ZERO;
        for (Outcomes part : parts) {
            for (OrderStatus status : OrderStatus.values()) {
                long count = part.byStatus[status.ordinal()].sum();
                if (count > 0) {
                    byStatus.merge(status, count, Long::sum);
                }
            }
            synchronized (part) {
                samples += part.slippageSamples;
                sum = sum.add(part.slippageSumPips);
                worst = worst.max(part.worstPips);
            }
        }
        long orders = byStatus.values().stream().mapToLong(Long::longValue).sum();
        long filled = byStatus.getOrDefault(OrderStatus.FILLED, 0L) + byStatus.getOrDefault(OrderStatus.PARTIALLY_FILLED, 0L);
        return new OrderMetrics(orders, byStatus, ratio(filled, orders), ratio(byStatus.getOrDefault(OrderStatus.REJECTED, 0L), orders),
                samples, samples == 0 ? BigDecimal.ZERO : sum.divide(BigDecimal.valueOf(samples), 3, RoundingMode.HALF_EVEN),
                worst.setScale(3, RoundingMode.HALF_EVEN));
    }

    private static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }
}
