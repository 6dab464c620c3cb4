package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.support.ConfigValues;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The one accept / refuse / restore path, for a factory kind (experiments, accounts) and a singleton (the registry). */
class ConfigurationGuardTest {

    private static final ConfigurationSchema EXPERIMENTS = new ConfigurationSchema("io.example.experiment", "", "", List.of(
            new AttributeSchema("name", "Name", "", AttributeType.STRING, true, null, List.of(), null, null, 0),
            new AttributeSchema("floor", "Floor", "", AttributeType.INTEGER, false, "10", List.of(), "0", "50", 0)));

    @TempDir
    Path directory;

    /** What ConfigAdmin stores: the guard reads the configuration as written from here. */
    private final Hashtable<String, Object> stored = new Hashtable<>();

    private ConfigurationAdmin admin() {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> new Hashtable<>(stored);
                    case "getPid" -> stored.get("service.pid");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> method.getName().equals("listConfigurations") ? new Configuration[] {configuration} : null);
    }

    private Dictionary<String, Object> deliver(ConfigurationGuard guard, Map<String, Object> properties) {
        stored.clear();
        stored.putAll(properties);
        Dictionary<String, Object> delivered = ConfigValues.dictionary(properties);
        guard.modifyConfiguration(null, delivered);
        return delivered;
    }

    @Test
    void aRefusedEditOfAFactoryConfigurationIsReplacedByTheLastValidOneAndTheHistoryKeepsTheRefusal() {
        ConfigurationKindsImpl kinds = new ConfigurationKindsImpl((bundle, pid) -> Optional.of(EXPERIMENTS));
        kinds.add(new TestKinds.Factory("experiment", "io.example.experiment", "name"), null);
        ConfigurationHistoryImpl history = new ConfigurationHistoryImpl(ConfigurationHistoryStoreTest.embedded(directory), null, kinds);
        ConfigurationGuard guard = new ConfigurationGuard(kinds, history, admin(), null);
        Map<String, Object> framework = Map.of("service.pid", "io.example.experiment~demo", "service.factoryPid", "io.example.experiment");

        Map<String, Object> valid = new HashMap<>(framework);
        valid.putAll(Map.of("name", "demo", "floor", "20"));
        assertEquals("20", deliver(guard, valid).get("floor"));
        assertEquals(List.of(1), history.versions("experiment:demo").stream().map(ConfigurationVersion::version).toList());

        Map<String, Object> invalid = new HashMap<>(framework);
        invalid.putAll(Map.of("name", "demo", "floor", "99", "extra", "x"));
        Dictionary<String, Object> delivered = deliver(guard, invalid);
        assertEquals("20", delivered.get("floor"));
        assertEquals(null, delivered.get("extra"));
        assertEquals(List.of("extra=x: unknown key for io.example.experiment (known keys: floor, name)", "floor=99: must be at most 50"),
                history.refusal("experiment:demo").stream().map(Object::toString).toList());
        assertEquals(1, history.versions("experiment:demo").size());

        Map<String, Object> renamed = new HashMap<>(framework);
        renamed.putAll(Map.of("name", "other", "floor", "30"));
        assertEquals("demo", deliver(guard, renamed).get("name"));
        assertTrue(history.refusal("experiment:demo").get(0).rule().startsWith("cannot change (it was demo)"));

        deliver(guard, valid);
        assertTrue(history.refusal("experiment:demo").isEmpty());
    }

    @Test
    void aSingletonRefusedBeforeItWasEverValidFallsBackToItsDefaults() {
        ConfigurationKindsImpl kinds = new ConfigurationKindsImpl((bundle, pid) -> Optional.of(EXPERIMENTS));
        kinds.add(new RegistrySettingsKind(), null);
        ConfigurationHistoryImpl history = new ConfigurationHistoryImpl(ConfigurationHistoryStoreTest.embedded(directory), null, kinds);
        ConfigurationGuard guard = new ConfigurationGuard(kinds, history, admin(), null);

        Dictionary<String, Object> delivered = deliver(guard, Map.of("service.pid", BrokerRegistryImpl.PID, "name", "r", "floor", "-1"));
        assertEquals(List.of("service.pid"), Collections.list(delivered.keys()));
        assertEquals("floor=-1: must be at least 0", history.refusal("registry").get(0).toString());
        assertTrue(history.versions("registry").isEmpty());
    }
}
