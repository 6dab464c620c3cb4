package io.multibroker.registry;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.capability.CapabilityDiff;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last known capabilities of each account and the history of their changes. It outlives an
 * account's adapter service on purpose: a reconfiguration or a redeploy replaces the service, and
 * the change is seen by comparing the new adapter with the old snapshot.
 */
final class CapabilityTracker {

    /** Changes kept per account: enough for an operator's questions, bounded in memory. */
    static final int HISTORY_LIMIT = 200;

    private static final class State {
        BrokerCapabilities snapshot;
        final Deque<CapabilityChange> history = new ArrayDeque<>();
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** Compares the account's capabilities now with its snapshot; returns the change, if there is one, and records it. */
    Optional<CapabilityChange> observe(String accountId, BrokerCapabilities now, String trigger, Instant at) {
        State state = states.computeIfAbsent(accountId, id -> new State());
        synchronized (state) {
            BrokerCapabilities before = state.snapshot;
            state.snapshot = now;
            if (before == null) {
                return Optional.empty();
            }
            CapabilityDiff diff = now.diffFrom(before);
            if (diff.isEmpty()) {
                return Optional.empty();
            }
            CapabilityChange change = new CapabilityChange(at, accountId, trigger, diff);
            state.history.addLast(change);
            while (state.history.size() > HISTORY_LIMIT) {
                state.history.removeFirst();
            }
            return Optional.of(change);
        }
    }

    List<CapabilityChange> history(String accountId) {
        State state = states.get(accountId);
        if (state == null) {
            return List.of();
        }
        synchronized (state) {
            return List.copyOf(state.history);
        }
    }
}
