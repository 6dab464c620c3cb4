package io.multibroker.quality;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.quality.MarkoutHorizon;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fills whose markouts are still to be taken: one first-in first-out queue per horizon, since fills arrive in time
 * order and a horizon adds the same span to each, so the head of a queue is always the next one due. No timer per fill:
 * one periodic task takes what is due. Bounded: past {@code capacity} fills pending, a new fill is refused (its markouts
 * are recorded as skipped) rather than memory growing without end. Not thread-safe: the recorder's thread owns it.
 */
final class PendingMarkouts {

    /** What a markout needs of its fill. */
    record Pending(String accountId, String clientOrderId, OrderSide side, BigDecimal fillPrice, BigDecimal pip,
            Instant filledAt, QuoteHistory reference) {
    }

    /** One markout to take now. */
    record Due(Pending fill, MarkoutHorizon horizon, Instant at) {
    }

    private final Map<MarkoutHorizon, ArrayDeque<Pending>> queues = new EnumMap<>(MarkoutHorizon.class);
    private final int capacity;
    private final MarkoutHorizon longest;

    PendingMarkouts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("max.pending " + capacity + ": must be 1 or more");
        }
        this.capacity = capacity;
        MarkoutHorizon last = null;
        for (MarkoutHorizon horizon : MarkoutHorizon.values()) {
            queues.put(horizon, new ArrayDeque<>());
            last = last == null || horizon.after().compareTo(last.after()) > 0 ? horizon : last;
        }
        this.longest = last;
    }

    /** Queues the fill's markouts at every horizon; false when {@code capacity} fills are pending already. */
    boolean add(Pending fill) {
        if (size() >= capacity) {
            return false;
        }
        queues.values().forEach(queue -> queue.addLast(fill));
        return true;
    }

    /** Whether {@code more} fills beyond those pending would still fit. */
    boolean hasRoom(int more) {
        return size() + more < capacity;
    }

    /** Fills with at least one markout still to take: those in the longest horizon's queue. */
    int size() {
        return queues.get(longest).size();
    }

    /** Takes the markouts whose horizon, plus the grace for late prices, has passed by now. */
    List<Due> due(Instant now, Duration grace) {
        List<Due> due = new ArrayList<>();
        for (Map.Entry<MarkoutHorizon, ArrayDeque<Pending>> entry : queues.entrySet()) {
            Duration after = entry.getKey().after();
            ArrayDeque<Pending> queue = entry.getValue();
            while (!queue.isEmpty() && !queue.peekFirst().filledAt().plus(after).plus(grace).isAfter(now)) {
                Pending fill = queue.pollFirst();
                due.add(new Due(fill, entry.getKey(), fill.filledAt().plus(after)));
            }
        }
        return due;
    }

    /** Takes every markout still pending, due or not: what a stop leaves untaken. */
    List<Due> drain() {
        List<Due> left = new ArrayList<>();
        queues.forEach((horizon, queue) -> {
            queue.forEach(fill -> left.add(new Due(fill, horizon, fill.filledAt().plus(horizon.after()))));
            queue.clear();
        });
        return left;
    }
}
