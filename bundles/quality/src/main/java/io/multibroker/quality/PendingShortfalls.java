package io.multibroker.quality;

import io.multibroker.api.model.OrderSide;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The limit orders whose unfilled part's opportunity cost waits for its horizon (submission + horizon). Orders end in any
 * order while their horizons follow their submissions, so this is a queue by due time, not first-in first-out. Bounded:
 * past {@code capacity} orders waiting, a new one is refused (its shortfall is recorded as skipped). Not thread-safe: the
 * recorder's thread owns it.
 */
final class PendingShortfalls {

    /**
     * What the opportunity cost needs of its order.
     *
     * @param executedCost {@code s (p - m_arrival) f}, already known
     * @param due when the horizon's mid is to be taken: submission + horizon
     */
    record Pending(String accountId, String clientOrderId, OrderSide side, BigDecimal arrivalMid, BigDecimal orderedUnits,
            BigDecimal unfilledUnits, BigDecimal executedCost, BigDecimal pip, Instant due, QuoteHistory reference) {
    }

    private final PriorityQueue<Pending> queue = new PriorityQueue<>(Comparator.comparing(Pending::due));
    private final int capacity;

    PendingShortfalls(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("max.pending " + capacity + ": must be 1 or more");
        }
        this.capacity = capacity;
    }

    /** Queues the order; false when {@code capacity} orders wait already. */
    boolean add(Pending order) {
        if (queue.size() >= capacity) {
            return false;
        }
        return queue.add(order);
    }

    int size() {
        return queue.size();
    }

    /** Takes the orders whose horizon, plus the grace for late prices, has passed by now, earliest first. */
    List<Pending> due(Instant now, Duration grace) {
        List<Pending> due = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().due().plus(grace).isAfter(now)) {
            due.add(queue.poll());
        }
        return due;
    }

    /** Takes every order still waiting: what a stop leaves untaken. */
    List<Pending> drain() {
        List<Pending> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }
}
