package io.multibroker.registry;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.HealthChange;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The changes of each account's health status, kept by account id so that they outlive a reconfiguration or a redeploy
 * (which replace the account's entry), and bounded per account.
 */
final class HealthHistory {

    /** Changes kept per account: a flapping account keeps its latest, the memory stays bounded. */
    static final int LIMIT = 200;

    private final Map<String, Deque<HealthChange>> changes = new ConcurrentHashMap<>();

    /** Records the change from {@code previous} to {@code next}, if the status changed. */
    void record(String accountId, AccountHealth previous, AccountHealth next) {
        if (previous.status() == next.status()) {
            return;
        }
        Deque<HealthChange> history = changes.computeIfAbsent(accountId, id -> new ArrayDeque<>());
        synchronized (history) {
            history.addLast(new HealthChange(next.checkedAt(), accountId, previous.status(), next.status(), next.reason(), next.code()));
            while (history.size() > LIMIT) {
                history.removeFirst();
            }
        }
    }

    List<HealthChange> of(String accountId) {
        Deque<HealthChange> history = changes.get(accountId);
        if (history == null) {
            return List.of();
        }
        synchronized (history) {
            return List.copyOf(history);
        }
    }
}
