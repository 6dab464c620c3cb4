package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.config.ConfigurationSchema;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

/** The real registry for the router's tests: its settings' defaults, a fixed schema for every type. */
public final class TestRegistries {

    private TestRegistries() {
    }

    public static BrokerRegistryImpl create() {
        // the defaults the Metatype annotations declare, whatever settings the registry has by now
        RegistryConfig defaults = (RegistryConfig) Proxy.newProxyInstance(RegistryConfig.class.getClassLoader(),
                new Class<?>[] {RegistryConfig.class}, (proxy, method, args) -> method.getName().equals("annotationType")
                        ? RegistryConfig.class : method.getDefaultValue());
        return new BrokerRegistryImpl(defaults, (BrokerRegistryImpl.SchemaSource) entry -> Optional.of(new ConfigurationSchema(
                entry.type().factoryPid(), entry.type().displayName(), "", List.of())));
    }

    /** An adapter service appears, as DS would bind it. */
    public static void add(BrokerRegistryImpl registry, long serviceId, BrokerAdapter adapter) {
        registry.addAdapter(serviceId, adapter, true);
    }

    public static void stop(BrokerRegistryImpl registry) {
        registry.deactivate();
    }
}
