package io.multibroker.registry;

import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.SingletonKind;
import org.osgi.service.component.annotations.Component;

/**
 * The registry's own settings ({@code etc/io.multibroker.registry.cfg}, schema {@link RegistryConfig}) as a kind of
 * configuration: guarded like any other (an invalid edit leaves the last valid settings, or the defaults, in force), not
 * versioned.
 */
@Component(service = ConfigurationKind.class)
public final class RegistrySettingsKind extends SingletonKind {

    public RegistrySettingsKind() {
        super("registry", BrokerRegistryImpl.PID);
    }

    @Override
    public boolean versioned() {
        return false;
    }
}
