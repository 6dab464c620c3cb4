package io.multibroker.api.config;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind with one configuration per named thing (an account's limits, an experiment) under a factory PID: only its id,
 * factory PID and name key are its own. A bundle's kind extends it with a public no-argument constructor and registers
 * itself as a {@link ConfigurationKind} service; it overrides {@link #validate} or {@link #versioned} where it has
 * rules of its own.
 */
@ConsumerType
public abstract class FactoryKind implements ConfigurationKind {

    private final String id;
    private final String factoryPid;
    private final String nameKey;

    /**
     * @param id the kind's short id
     * @param factoryPid its ConfigAdmin factory PID
     * @param nameKey the key whose value names each configuration
     */
    protected FactoryKind(String id, String factoryPid, String nameKey) {
        this.id = id;
        this.factoryPid = factoryPid;
        this.nameKey = nameKey;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String pid() {
        return factoryPid;
    }

    @Override
    public final boolean factory() {
        return true;
    }

    @Override
    public final String nameKey() {
        return nameKey;
    }
}
