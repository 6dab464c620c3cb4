package io.multibroker.api;

import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationSchema;
import java.util.Set;

/**
 * A registered broker type, as the registry sees it.
 *
 * @param id the type id
 * @param displayName a human name
 * @param factoryPid the factory PID of its accounts
 * @param bundle the symbolic name of the bundle that provides it
 * @param staticCapabilities what its accounts can do at most
 * @param schema its configuration schema from Metatype
 */
public record BrokerTypeInfo(String id, String displayName, String factoryPid, String bundle,
        Set<BrokerCapability> staticCapabilities, ConfigurationSchema schema) {
}
