package io.multibroker.registry;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.capability.CapabilityChange;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at what an active account offers (on connect, on every health check, on reconfiguration), keeps the changes
 * ({@link CapabilityTracker}) and publishes each as {@link BrokerRegistry#TOPIC_CAPABILITIES_CHANGED}.
 */
final class CapabilityWatch {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityWatch.class);

    private final CapabilityTracker tracker = new CapabilityTracker();
    private final Predicate<AccountEntry> active;
    private final RegistryEvents events;
    /** The shared history when one is bound: written to in the background, read instead of this runtime's tracker. */
    private final Supplier<RegistryHistory> shared;

    CapabilityWatch(Predicate<AccountEntry> active, RegistryEvents events) {
        this(active, events, () -> null);
    }

    CapabilityWatch(Predicate<AccountEntry> active, RegistryEvents events, Supplier<RegistryHistory> shared) {
        this.active = active;
        this.events = events;
        this.shared = shared;
    }

    void refresh(AccountEntry entry, String trigger) {
        if (!active.test(entry)) {
            return;
        }
        tracker.observe(entry.accountId(), entry.raw.capabilities(), trigger, Instant.now()).ifPresent(change -> {
            LOG.info("account {} capabilities changed ({}): {}", entry.accountId(), trigger, change.diff());
            RegistryHistory history = shared.get();
            if (history != null) {
                history.changed(change);
            }
            Map<String, Object> event = new HashMap<>();
            event.put("account.id", entry.accountId());
            event.put("trigger", trigger);
            event.put("features.added", names(change.diff().featuresAdded()));
            event.put("features.removed", names(change.diff().featuresRemoved()));
            event.put("timeinforce.changed", names(change.diff().timeInForceChanged().keySet()));
            event.put("instruments.added", change.diff().instrumentsAdded().toArray(String[]::new));
            event.put("instruments.removed", change.diff().instrumentsRemoved().toArray(String[]::new));
            event.put("instruments.changed", change.diff().instrumentsChanged().keySet().toArray(String[]::new));
            events.publish(BrokerRegistry.TOPIC_CAPABILITIES_CHANGED, event);
        });
    }

    List<CapabilityChange> history(String accountId) {
        RegistryHistory history = shared.get();
        return history != null ? history.changes(accountId) : tracker.history(accountId);
    }

    private static String[] names(Collection<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).toArray(String[]::new);
    }
}
