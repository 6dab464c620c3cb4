package io.multibroker.registry;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerType;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.registry.BrokerRegistryImpl.SchemaSource;
import io.multibroker.registry.BrokerRegistryImpl.TypeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker types registered now, each with its schema (read once), and the events of their coming and going. */
final class TypeCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(TypeCatalog.class);

    private final SchemaSource schemas;
    private final RegistryEvents events;
    private final Map<String, List<TypeEntry>> types = new ConcurrentHashMap<>();
    private final Map<String, ConfigurationSchema> schemaCache = new ConcurrentHashMap<>();

    TypeCatalog(SchemaSource schemas, RegistryEvents events) {
        this.schemas = schemas;
        this.events = events;
    }

    void add(long serviceId, BrokerType type, Bundle bundle) {
        types.computeIfAbsent(type.id(), id -> new CopyOnWriteArrayList<>()).add(new TypeEntry(serviceId, type, bundle));
        LOG.info("broker type {} registered ({})", type.id(), type.displayName());
        events.publish(BrokerRegistry.TOPIC_TYPE_ADDED, Map.of("broker.type", type.id()));
    }

    void remove(long serviceId, BrokerType type) {
        List<TypeEntry> entries = types.get(type.id());
        if (entries != null) {
            entries.removeIf(e -> e.serviceId() == serviceId);
            if (entries.isEmpty()) {
                types.remove(type.id());
                schemaCache.remove(type.id());
            }
        }
        LOG.info("broker type {} unregistered", type.id());
        events.publish(BrokerRegistry.TOPIC_TYPE_REMOVED, Map.of("broker.type", type.id()));
    }

    List<BrokerTypeInfo> types() {
        List<BrokerTypeInfo> all = new ArrayList<>();
        types.keySet().stream().sorted().forEach(id -> type(id).ifPresent(all::add));
        return all;
    }

    Optional<BrokerTypeInfo> type(String id) {
        List<TypeEntry> entries = types.get(id);
        if (entries == null || entries.isEmpty()) {
            return Optional.empty();
        }
        TypeEntry entry = entries.get(0);
        BrokerType type = entry.type();
        ConfigurationSchema schema = schemaCache.get(id);
        if (schema == null) {
            schema = schemas.schemaOf(entry).orElse(null);
            if (schema != null) {
                schemaCache.put(id, schema);
            } else {
                schema = new ConfigurationSchema(type.factoryPid(), type.displayName(), "no Metatype schema published", List.of());
            }
        }
        String bundle = entry.bundle() == null ? null : entry.bundle().getSymbolicName();
        return Optional.of(new BrokerTypeInfo(type.id(), type.displayName(), type.factoryPid(), bundle, type.staticCapabilities(), schema));
    }
}
