package io.multibroker.quality;

import io.multibroker.api.model.PriceTick;
import java.time.Duration;
import java.time.Instant;

/**
 * The recent prices of one reference stream (an account and an instrument), in a ring of fixed size, and where the
 * stream was interrupted: what the quote was at a given moment, or that nobody can say (a gap). A price holds from its
 * time until the next one; it does not hold across an interruption (a stream that failed or ended until it is
 * subscribed again, or a tick the adapter marks as the first after a reconnect), nor for longer than the maximum age
 * (a stream that went silent), nor before the oldest price kept.
 */
final class QuoteHistory {

    /** A quote at a moment, or why there is none. */
    record Lookup(PriceTick tick, String gap) {
        static Lookup found(PriceTick tick) {
            return new Lookup(tick, null);
        }

        static Lookup gap(String why) {
            return new Lookup(null, why);
        }

        boolean found() {
            return tick != null;
        }
    }

    private final String name;
    private final PriceTick[] ring;
    private int first;
    private int size;
    private boolean overwritten;
    /** Since when the stream is down, or null while it flows. */
    private Instant interruptedAt;
    /** Whether the next tick is the first after an interruption. */
    private boolean afterInterruption;

    QuoteHistory(String name, int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("history.ticks " + capacity + ": must be 2 or more");
        }
        this.name = name;
        this.ring = new PriceTick[capacity];
    }

    String name() {
        return name;
    }

    synchronized void add(PriceTick tick) {
        PriceTick kept = afterInterruption && !tick.afterGap() ? tick.markedAfterGap() : tick;
        afterInterruption = false;
        interruptedAt = null;
        if (size > 0 && tick.time().isBefore(ring[index(size - 1)].time())) {
            // a price older than the newest kept (a replay after a reconnect) would make the history ambiguous: what was
            // the quote between them? Such a tick marks a gap instead of being kept out of order
            afterInterruption = true;
            return;
        }
        if (size == ring.length) {
            first = (first + 1) % ring.length;
            size--;
            overwritten = true;
        }
        ring[index(size)] = kept;
        size++;
    }

    /** The stream failed or ended at this moment: no price holds from then until the next one, which follows a gap. */
    synchronized void interrupted(Instant at) {
        if (interruptedAt == null) {
            interruptedAt = at;
        }
        afterInterruption = true;
    }

    synchronized boolean flowing() {
        return interruptedAt == null && size > 0;
    }

    /** The quote in force at the moment, as the stream showed it; a gap when there was none fit to use. */
    synchronized Lookup at(Instant moment, Duration maxAge) {
        if (size == 0) {
            return Lookup.gap("no price of " + name + " yet");
        }
        int last = lastAtOrBefore(moment);
        if (last < 0) {
            return Lookup.gap(overwritten ? "prices of " + name + " from " + moment + " are no longer kept"
                    : "no price of " + name + " before " + ring[index(0)].time());
        }
        PriceTick tick = ring[index(last)];
        if (tick.time().equals(moment)) {
            return Lookup.found(tick);
        }
        if (last + 1 < size) {
            PriceTick next = ring[index(last + 1)];
            if (next.afterGap()) {
                return Lookup.gap("the prices of " + name + " were interrupted between " + tick.time() + " and " + next.time());
            }
        } else if (interruptedAt != null && !interruptedAt.isAfter(moment)) {
            return Lookup.gap("the prices of " + name + " are interrupted since " + interruptedAt);
        }
        Duration age = Duration.between(tick.time(), moment);
        if (age.compareTo(maxAge) > 0) {
            return Lookup.gap("no price of " + name + " for " + age.toMillis() + " ms before " + moment + " (at most "
                    + maxAge.toMillis() + " ms)");
        }
        return Lookup.found(tick);
    }

    /** The position (0 = oldest kept) of the last tick at or before the moment, or -1. */
    private int lastAtOrBefore(Instant moment) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (ring[index(middle)].time().isAfter(moment)) {
                high = middle - 1;
            } else {
                found = middle;
                low = middle + 1;
            }
        }
        return found;
    }

    private int index(int position) {
        return (first + position) % ring.length;
    }
}
