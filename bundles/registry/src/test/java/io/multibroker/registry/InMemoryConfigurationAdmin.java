package io.multibroker.registry;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * ConfigurationAdmin's storage for tests: configurations by PID, listed by real LDAP filters (the framework's own filter
 * implementation), created, updated and deleted as ConfigAdmin does, with the keys it adds.
 */
final class InMemoryConfigurationAdmin {

    private final Map<String, Hashtable<String, Object>> byPid = new TreeMap<>();
    final ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> switch (method.getName()) {
                case "listConfigurations" -> list((String) args[0]);
                case "getFactoryConfiguration" -> configuration(args[0] + "~" + args[1], (String) args[0]);
                case "getConfiguration" -> configuration((String) args[0], null);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** Stores a configuration as if it had been written before (a file, the console). */
    void put(String pid, String factoryPid, Map<String, Object> properties) {
        Hashtable<String, Object> stored = new Hashtable<>(properties);
        stored.put("service.pid", pid);
        if (factoryPid != null) {
            stored.put("service.factoryPid", factoryPid);
        }
        byPid.put(pid, stored);
    }

    /** The stored properties of a PID, without ConfigAdmin's keys; null when there is none. */
    Map<String, Object> properties(String pid) {
        Hashtable<String, Object> stored = byPid.get(pid);
        if (stored == null) {
            return null;
        }
        Map<String, Object> copy = new TreeMap<>(stored);
        copy.keySet().removeAll(StoredConfigurations.ADMIN_KEYS);
        return copy;
    }

    List<String> pids() {
        return new ArrayList<>(byPid.keySet());
    }

    private Configuration[] list(String filter) throws Exception {
        Filter parsed = filter == null ? null : FrameworkUtil.createFilter(filter);
        List<Configuration> found = new ArrayList<>();
        for (Map.Entry<String, Hashtable<String, Object>> entry : byPid.entrySet()) {
            if (parsed == null || parsed.match(entry.getValue())) {
                found.add(configuration(entry.getKey(), (String) entry.getValue().get("service.factoryPid")));
            }
        }
        return found.isEmpty() ? null : found.toArray(Configuration[]::new);
    }

    private Configuration configuration(String pid, String factoryPid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getFactoryPid" -> factoryPid;
                    case "getProperties" -> byPid.containsKey(pid) ? new Hashtable<>(byPid.get(pid)) : null;
                    case "update" -> {
                        Hashtable<String, Object> stored = new Hashtable<>();
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> given = (Dictionary<String, Object>) args[0];
                        for (String key : Collections.list(given.keys())) {
                            stored.put(key, given.get(key));
                        }
                        stored.put("service.pid", pid);
                        if (factoryPid != null) {
                            stored.put("service.factoryPid", factoryPid);
                        }
                        byPid.put(pid, stored);
                        yield null;
                    }
                    case "delete" -> {
                        byPid.remove(pid);
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> pid.hashCode();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
