package io.multibroker.registry;

import io.multibroker.api.BrokerType;
import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.support.Threads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kinds of configuration registered now: every {@link ConfigurationKind} service and every {@link BrokerType} (the
 * accounts of a type are a kind), each with the Metatype schema its bundle designates for its PID, and the one validator they
 * share (the schema's rules, then the kind's). Kinds come and go with their bundles; {@link KindListener}s are told of each.
 */
@Component(service = ConfigurationKinds.class)
public final class ConfigurationKindsImpl implements ConfigurationKinds {

    /** Where a kind's schema comes from: Metatype in the runtime, a fixed schema in tests. */
    @FunctionalInterface
    interface SchemaSource {
        Optional<ConfigurationSchema> schemaOf(Bundle bundle, String pid);
    }

    private record Registered(ConfigurationKind kind, Bundle bundle) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationKindsImpl.class);

    private final SchemaSource schemas;
    /** By PID; the first kind registered for a PID is the one in force. */
    private final Map<String, List<Registered>> byPid = new ConcurrentHashMap<>();
    private final Map<String, ConfigurationSchema> schemaCache = new ConcurrentHashMap<>();
    private final List<KindListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<ServiceReference<KindListener>, LazyServiceSlot<KindListener>> listenerServices = new ConcurrentHashMap<>();
    /** Tells the listener services, never from inside a binding: see {@link #bindKindListenerService}. */
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(Threads.daemon("multibroker-config-kinds"));
    private final BundleContext context;

    @Activate
    public ConfigurationKindsImpl(@Reference MetaTypeService metaType, BundleContext context) {
        this((bundle, pid) -> MetatypeSchemas.read(metaType, bundle, pid), context);
    }

    ConfigurationKindsImpl(SchemaSource schemas) {
        this(schemas, null);
    }

    private ConfigurationKindsImpl(SchemaSource schemas, BundleContext context) {
        this.schemas = schemas;
        this.context = context;
    }

    @Deactivate
    void deactivate() {
        notifier.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindConfigurationKind(ConfigurationKind kind, ServiceReference<ConfigurationKind> reference) {
        add(kind, reference.getBundle());
    }

    void unbindConfigurationKind(ConfigurationKind kind) {
        remove(kind);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBrokerType(BrokerType type, ServiceReference<BrokerType> reference) {
        add(type, reference.getBundle());
    }

    void unbindBrokerType(BrokerType type) {
        remove(type);
    }

    /** A listener given as it is (tests). */
    void addKindListener(KindListener listener) {
        listeners.add(listener);
        kinds().forEach(listener::kindAdded);
    }

    /**
     * The configuration guard listens, and needs these kinds to activate: bound by reference, and got and told on a thread
     * of this component's own, so that neither is ever activated from inside the other's activation (a cycle the framework
     * answers by failing the guard for good: no configuration would be checked).
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindKindListenerService(ServiceReference<KindListener> reference) {
        LazyServiceSlot<KindListener> slot = new LazyServiceSlot<>(context);
        slot.bind(reference);
        listenerServices.put(reference, slot);
        tell(() -> slot.get().ifPresent(listener -> kinds().forEach(listener::kindAdded)));
    }

    void unbindKindListenerService(ServiceReference<KindListener> reference) {
        LazyServiceSlot<KindListener> slot = listenerServices.remove(reference);
        if (slot != null) {
            slot.unbind(reference);
        }
    }

    void add(ConfigurationKind kind, Bundle bundle) {
        byPid.computeIfAbsent(kind.pid(), pid -> new CopyOnWriteArrayList<>()).add(new Registered(kind, bundle));
        listeners.forEach(listener -> listener.kindAdded(kind));
        tell(() -> listenerServices.values().forEach(slot -> slot.get().ifPresent(listener -> listener.kindAdded(kind))));
    }

    private void tell(Runnable notification) {
        if (!notifier.isShutdown()) {
            notifier.execute(() -> {
                try {
                    notification.run();
                } catch (RuntimeException e) {
                    LOG.warn("a configuration kind listener failed: {}", e.toString(), e);
                }
            });
        }
    }

    void remove(ConfigurationKind kind) {
        List<Registered> registered = byPid.get(kind.pid());
        if (registered != null) {
            registered.removeIf(r -> r.kind() == kind);
            if (registered.isEmpty()) {
                byPid.remove(kind.pid(), registered);
                schemaCache.remove(kind.pid());
            }
        }
    }

    @Override
    public List<ConfigurationKind> kinds() {
        List<ConfigurationKind> all = new ArrayList<>();
        byPid.values().forEach(list -> {
            if (!list.isEmpty()) {
                all.add(list.get(0).kind());
            }
        });
        all.sort(Comparator.comparing(ConfigurationKind::id));
        return all;
    }

    @Override
    public Optional<ConfigurationKind> kindOf(String pid) {
        return first(pid).map(Registered::kind);
    }

    private Optional<Registered> first(String pid) {
        List<Registered> registered = pid == null ? null : byPid.get(pid);
        return registered == null || registered.isEmpty() ? Optional.empty() : Optional.of(registered.get(0));
    }

    @Override
    public Optional<ConfigurationSchema> schema(String pid) {
        ConfigurationSchema cached = schemaCache.get(pid);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ConfigurationSchema> read = first(pid).flatMap(r -> schemas.schemaOf(r.bundle(), pid));
        read.ifPresent(schema -> schemaCache.put(pid, schema));
        return read;
    }

    @Override
    public List<ConfigurationViolation> validate(String pid, Map<String, ?> properties) {
        ConfigurationKind kind = kindOf(pid).orElse(null);
        ConfigurationSchema schema = schema(pid).orElse(null);
        if (kind == null || schema == null) {
            return List.of(new ConfigurationViolation("service.pid", pid, "no kind of configuration with a Metatype schema is registered"));
        }
        return validate(kind, schema, properties);
    }

    /** The schema's violations, then, when there are none, the kind's own. */
    static List<ConfigurationViolation> validate(ConfigurationKind kind, ConfigurationSchema schema, Map<String, ?> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>(SchemaValidator.validate(schema, properties));
        if (violations.isEmpty()) {
            violations.addAll(kind.validate(SchemaValidator.coerce(schema, properties)));
        }
        return violations;
    }

    @Override
    public Map<String, Object> typed(String pid, Map<String, ?> properties) {
        ConfigurationSchema schema = schema(pid).orElseThrow(() -> new IllegalArgumentException("no schema for " + pid));
        Map<String, Object> withDefaults = new LinkedHashMap<>(properties);
        for (AttributeSchema attribute : schema.attributes()) {
            if (attribute.defaultValue() != null) {
                withDefaults.putIfAbsent(attribute.id(), attribute.defaultValue());
            }
        }
        return SchemaValidator.coerce(schema, withDefaults);
    }
}
