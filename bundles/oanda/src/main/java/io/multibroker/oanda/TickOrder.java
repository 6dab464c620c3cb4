package io.multibroker.oanda;

import io.multibroker.api.model.PriceTick;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The price stream's delivery rule: ticks in time order and at most once per instrument and time (the snapshot after a
 * reconnect repeats the last price), the first tick of each instrument after a gap marked {@link PriceTick#afterGap()}.
 * Not thread-safe: the stream calls it under its own lock.
 */
final class TickOrder {

    private final Map<String, Instant> lastDelivered = new HashMap<>();
    private final Set<String> gapPending = new HashSet<>();

    /** The next tick of each of these instruments comes after a gap. */
    void gapIn(Set<String> instruments) {
        gapPending.addAll(instruments);
    }

    /** The tick as it is to be delivered, or null when it is not newer than the last one delivered of its instrument. */
    PriceTick admit(PriceTick tick) {
        Instant last = lastDelivered.get(tick.instrument());
        if (last != null && !tick.time().isAfter(last)) {
            return null;
        }
        lastDelivered.put(tick.instrument(), tick.time());
        return gapPending.remove(tick.instrument()) ? tick.markedAfterGap() : tick;
    }
}
