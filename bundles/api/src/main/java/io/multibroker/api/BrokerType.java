package io.multibroker.api;

import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationViolation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of broker, registered as a service by each adapter bundle. Its configuration schema is the
 * Metatype object class that the same bundle designates for {@link #factoryPid()}. Its accounts are one
 * {@link ConfigurationKind}: a factory configuration per account, named by {@link BrokerAdapter#ACCOUNT_ID}.
 */
@ConsumerType
public interface BrokerType extends ConfigurationKind {

    /** Short id, also the {@link BrokerAdapter#BROKER_TYPE} of the type's accounts: {@code paper}, {@code oanda}. */
    String id();

    String displayName();

    /** The ConfigAdmin factory PID of the type's accounts: one factory configuration per account. */
    String factoryPid();

    @Override
    default String pid() {
        return factoryPid();
    }

    @Override
    default boolean factory() {
        return true;
    }

    @Override
    default String nameKey() {
        return BrokerAdapter.ACCOUNT_ID;
    }

    /** An account is called by its account id alone. */
    @Override
    default String subject(String name) {
        return name;
    }

    /** What every account of this type can do at most, before it is connected. */
    Set<BrokerCapability> staticCapabilities();

    /**
     * Rules that the Metatype schema cannot express (a decimal amount, a URL, two settings that
     * exclude each other), checked by the factory after the schema. The properties have already
     * passed the schema's type, range and option checks.
     */
    @Override
    default List<ConfigurationViolation> validate(Map<String, Object> properties) {
        return List.of();
    }
}
