package io.multibroker.api.capability;

import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import java.util.Map;
import java.util.Set;

/**
 * The difference between two {@link BrokerCapabilities}: of one account over time, or of two accounts.
 *
 * @param featuresAdded flags present now and not before
 * @param featuresRemoved flags present before and not now
 * @param timeInForceChanged order types whose time-in-force set changed, with the new set
 * @param instrumentsAdded symbols tradeable now and not before
 * @param instrumentsRemoved symbols tradeable before and not now
 * @param instrumentsChanged symbols whose limits changed, with the new limits
 */
public record CapabilityDiff(Set<BrokerCapability> featuresAdded, Set<BrokerCapability> featuresRemoved,
        Map<OrderType, Set<TimeInForce>> timeInForceChanged, Set<String> instrumentsAdded, Set<String> instrumentsRemoved,
        Map<String, Instrument> instrumentsChanged) {

    public boolean isEmpty() {
        return featuresAdded.isEmpty() && featuresRemoved.isEmpty() && timeInForceChanged.isEmpty()
                && instrumentsAdded.isEmpty() && instrumentsRemoved.isEmpty() && instrumentsChanged.isEmpty();
    }
}
