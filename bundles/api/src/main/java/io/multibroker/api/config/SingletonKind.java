package io.multibroker.api.config;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind with one configuration under one PID (a bundle's own settings, global limits): only its id and PID are its
 * own. A bundle's kind extends it with a public no-argument constructor and registers itself as a
 * {@link ConfigurationKind} service; it overrides {@link #validate} or {@link #versioned} where it has rules of its own.
 */
@ConsumerType
public abstract class SingletonKind implements ConfigurationKind {

    private final String id;
    private final String pid;

    /**
     * @param id the kind's short id, which names its one configuration too
     * @param pid its ConfigAdmin PID
     */
    protected SingletonKind(String id, String pid) {
        this.id = id;
        this.pid = pid;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String pid() {
        return pid;
    }

    @Override
    public final boolean factory() {
        return false;
    }

    /** Always null: a singleton's one configuration has no name. */
    @Override
    public final String nameKey() {
        return null;
    }
}
