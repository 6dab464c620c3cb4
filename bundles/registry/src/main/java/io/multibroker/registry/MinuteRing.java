package io.multibroker.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongFunction;

/**
 * The last hour of a measurement in one bucket per minute, recycled in place: recording is lock-free
 * and memory does not grow with the number of calls.
 */
final class MinuteRing<B extends MinuteRing.Bucket> {

    static final int MINUTES = 60;

    interface Bucket {
        long minute();
    }

    private final AtomicReferenceArray<B> buckets = new AtomicReferenceArray<>(MINUTES);
    private final LongFunction<B> factory;

    MinuteRing(LongFunction<B> factory) {
        this.factory = factory;
    }

    /** The bucket of this minute (epoch minutes), replacing the hour-old one in its slot. */
    B bucket(long minute) {
        int slot = (int) Math.floorMod(minute, (long) MINUTES);
        while (true) {
            B current = buckets.get(slot);
            if (current != null && current.minute() >= minute) {
                // a late record for a minute already recycled goes to the newer bucket: counts stay, time blurs by a minute
                return current;
            }
            B fresh = factory.apply(minute);
            if (buckets.compareAndSet(slot, current, fresh)) {
                return fresh;
            }
        }
    }

    /** The buckets from {@code fromMinute} to {@code toMinute}, both included. */
    List<B> between(long fromMinute, long toMinute) {
        List<B> selected = new ArrayList<>();
        for (int i = 0; i < MINUTES; i++) {
            B bucket = buckets.get(i);
            if (bucket != null && bucket.minute() >= fromMinute && bucket.minute() <= toMinute) {
                selected.add(bucket);
            }
        }
        return selected;
    }
}
