package io.multibroker.abtest;

import io.multibroker.api.routing.AllocationSnapshot;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The splits an experiment's orders were assigned by, oldest first: the configured weights whenever they come into force,
 * and the bandit's splits, of which one per minute is kept (the last of that minute), so that a bandit that moves every
 * few seconds is followed over a day in bounded memory.
 */
final class AllocationHistory {

    static final String CONFIGURED = "configured";
    static final String BANDIT = "bandit";
    /** A day at one snapshot a minute. */
    static final int LIMIT = 1_440;

    private final Deque<AllocationSnapshot> snapshots = new ArrayDeque<>();

    synchronized void record(Instant at, Map<String, Integer> basisPoints, String source) {
        AllocationSnapshot last = snapshots.peekLast();
        if (last != null && last.basisPoints().equals(basisPoints) && last.source().equals(source)) {
            return;
        }
        AllocationSnapshot next = new AllocationSnapshot(at, Collections.unmodifiableMap(new LinkedHashMap<>(basisPoints)), source);
        if (last != null && BANDIT.equals(source) && BANDIT.equals(last.source())
                && last.at().getEpochSecond() / 60 == at.getEpochSecond() / 60) {
            snapshots.removeLast();
        }
        snapshots.addLast(next);
        while (snapshots.size() > LIMIT) {
            snapshots.removeFirst();
        }
    }

    synchronized List<AllocationSnapshot> snapshots() {
        return List.copyOf(snapshots);
    }
}
