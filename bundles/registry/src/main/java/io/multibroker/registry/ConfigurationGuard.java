package io.multibroker.registry;

import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.support.ConfigValues;
import io.multibroker.api.support.Threads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every configuration of every registered kind on its way from ConfigAdmin to its component, wherever it came from
 * (console, factory, import, a hand-edited etc/*.cfg): as a ConfigAdmin plugin ranked after Karaf's interpolation, it
 * validates the interpolated properties with the kind's schema and rules. A valid configuration goes to the history
 * (a version, for a versioned kind). An invalid one is not delivered: the component is handed its last valid configuration
 * instead (a singleton without one, its defaults), the history keeps the refusal, and an event is published.
 */
@Component(service = {ConfigurationPlugin.class, ConfigurationListener.class, KindListener.class},
        property = {"service.cmRanking:Integer=900", "config.plugin.id=io.multibroker.config-guard"})
public final class ConfigurationGuard implements ConfigurationPlugin, ConfigurationListener, KindListener {

    static final String TOPIC_CONFIGURATION_REFUSED = "io/multibroker/account/CONFIGURATION_REFUSED";
    static final String TOPIC_CONFIGURATION_APPLIED = "io/multibroker/account/CONFIGURATION_APPLIED";
    static final String GUARD_FILTER_KEY = "config.plugin.id";
    static final String GUARD_ID = "io.multibroker.config-guard";
    /** How often the files behind configurations are looked at for a parse failure (FileInstall polls every second). */
    static final long FILE_CHECK_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationGuard.class);

    /** What the guard knows of one configuration (by PID). */
    private static final class State {
        String subject;
        boolean versioned;
        Map<String, Object> lastValid;
        Map<String, String> lastRefused;
    }

    private final ConfigurationKinds kinds;
    private final ConfigurationLedger ledger;
    private final StoredConfigurations stored;
    private final ConfigFileWatch files = new ConfigFileWatch();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final ExecutorService baselines = Executors.newSingleThreadExecutor(Threads.daemon("multibroker-config-guard"));
    private final ScheduledExecutorService fileChecks = Executors.newSingleThreadScheduledExecutor(Threads.daemon("multibroker-config-files"));
    private final BundleContext context;
    // an optional service, injected and withdrawn by DS as it comes and goes
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    @Activate
    public ConfigurationGuard(@Reference ConfigurationKinds kinds, @Reference ConfigurationLedger ledger,
            @Reference ConfigurationAdmin configAdmin, BundleContext context) {
        this.kinds = kinds;
        this.ledger = ledger;
        this.stored = new StoredConfigurations(configAdmin);
        this.context = context;
        if (context != null) {
            kinds.kinds().forEach(this::kindAdded);
            fileChecks.scheduleWithFixedDelay(this::checkFiles, FILE_CHECK_SECONDS, FILE_CHECK_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        baselines.shutdownNow();
        fileChecks.shutdownNow();
    }

    /**
     * Runs the kind's existing configurations through ConfigAdmin's processing (and so through this guard), so that
     * configurations delivered before the guard or the kind came up get their version too.
     */
    @Override
    public void kindAdded(ConfigurationKind kind) {
        if (context == null || baselines.isShutdown()) {
            return;
        }
        baselines.execute(() -> {
            try {
                ServiceReference<?>[] self = context.getServiceReferences(ConfigurationPlugin.class.getName(),
                        "(" + GUARD_FILTER_KEY + "=" + GUARD_ID + ")");
                if (self == null) {
                    return;
                }
                List<Configuration> existing = kind.factory() ? stored.ofFactory(kind.pid()) : stored.byPid(kind.pid()).stream().toList();
                for (Configuration configuration : existing) {
                    configuration.getProcessedProperties(self[0]);
                }
            } catch (InvalidSyntaxException | RuntimeException e) {
                LOG.warn("could not record the current configurations of {}: {}", kind.id(), e.toString());
            }
        });
    }

    // ---- the plugin ----

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object pid = properties.get("service.pid");
        Object factoryPid = properties.get("service.factoryPid");
        if (pid == null) {
            return;
        }
        Optional<ConfigurationKind> kind = kinds.kindOf(factoryPid != null ? factoryPid.toString() : pid.toString())
                .filter(k -> k.factory() == (factoryPid != null));
        Optional<ConfigurationSchema> schema = kind.flatMap(k -> kinds.schema(k.pid()));
        if (kind.isEmpty() || schema.isEmpty()) {
            return;
        }
        try {
            guard(kind.get(), schema.get(), pid.toString(), properties);
            if (reference == null) {
                unresolveSecrets(pid.toString(), schema.get(), properties);
            }
        } catch (RuntimeException e) {
            // a guard failure must never keep a configuration from its component
            LOG.error("could not check the configuration {}: {}", pid, e.toString(), e);
        }
    }

    /**
     * A read with no consumer behind it ({@code config:list}, FileInstall writing a .cfg back) gets the secret
     * attributes as they are stored: a {@code $[secret:...]} or {@code $[env:...]} reference stays a reference,
     * where the interpolation plugin (which runs before this one) would have put the secret itself.
     */
    private void unresolveSecrets(String pid, ConfigurationSchema schema, Dictionary<String, Object> properties) {
        Map<String, Object> raw = stored.byPid(pid).map(c -> ConfigValues.map(c.getProperties())).orElse(Map.of());
        raw.forEach((key, value) -> {
            if ((key.startsWith(".") || schema.isSecret(key)) && properties.get(key) != null) {
                properties.put(key, value);
            }
        });
    }

    private synchronized void guard(ConfigurationKind kind, ConfigurationSchema schema, String pid, Dictionary<String, Object> properties) {
        Map<String, Object> processed = ConfigValues.map(properties);
        State state = states.computeIfAbsent(pid, p -> new State());
        List<ConfigurationViolation> violations = new ArrayList<>(ConfigurationKindsImpl.validate(kind, schema, processed));
        String name = kind.nameKey() == null ? null : String.valueOf(processed.get(kind.nameKey()));
        if (state.lastValid != null && kind.nameKey() != null && !name.equals(String.valueOf(state.lastValid.get(kind.nameKey())))) {
            String before = String.valueOf(state.lastValid.get(kind.nameKey()));
            violations.add(new ConfigurationViolation(kind.nameKey(), name, "cannot change (it was " + before
                    + "): remove the account and create it under the new id"));
            name = before;
        }
        String subject = kind.subject(name);
        state.subject = subject;
        state.versioned = kind.versioned();
        Configuration stored = this.stored.byPid(pid).orElse(null);
        if (violations.isEmpty()) {
            state.lastValid = processed;
            state.lastRefused = null;
            if (ledger.accepted(subject, pid, StoredConfigurations.written(stored, schema), kind.versioned())) {
                publish(TOPIC_CONFIGURATION_APPLIED, kind, subject, pid, List.of());
            }
            return;
        }
        Map<String, String> refused = StoredConfigurations.written(stored, schema);
        if (!refused.equals(state.lastRefused)) {
            state.lastRefused = refused;
            LOG.error("configuration of {} refused ({}): {}; {}", subject, pid, violations, state.lastValid != null
                    ? "keeping the last valid configuration" : kind.factory() ? "no earlier valid configuration to keep" : "the defaults stay in force");
            publish(TOPIC_CONFIGURATION_REFUSED, kind, subject, pid, violations);
        }
        ledger.refused(subject, pid, violations);
        restore(state.lastValid, kind.factory(), properties);
    }

    /**
     * Hands the component its last valid configuration instead of the refused one; a singleton without one gets no
     * settings at all, so that its defaults stay in force (a factory configuration without one is left as it is: without
     * its name it would be no configuration at all, and its component reports what is wrong).
     */
    private static void restore(Map<String, Object> lastValid, boolean factory, Dictionary<String, Object> properties) {
        if (lastValid == null && factory) {
            return;
        }
        for (String key : Collections.list(properties.keys())) {
            if (lastValid == null ? !key.startsWith("service.") : !lastValid.containsKey(key)) {
                properties.remove(key);
            }
        }
        if (lastValid != null) {
            lastValid.forEach(properties::put);
        }
    }

    /** An unparseable file behind a configuration is a refusal (see {@link ConfigFileWatch}) until it parses again. */
    void checkFiles() {
        for (State state : states.values()) {
            Map<String, Object> valid = state.lastValid;
            Object file = valid == null ? null : valid.get(StoredConfigurations.FILE_KEY);
            if (file == null || state.subject == null) {
                continue;
            }
            try {
                boolean failedBefore = files.failing(state.subject);
                Optional<ConfigurationViolation> unparseable = files.check(state.subject, ConfigFileWatch.path(file));
                if (unparseable.isPresent()) {
                    ledger.refused(state.subject, null, List.of(unparseable.get()));
                } else if (failedBefore) {
                    ledger.cleared(state.subject);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not check the file behind {}: {}", state.subject, e.toString());
            }
        }
    }

    /** A removed configuration is part of its history: a version with no properties, source {@code removed}. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() != ConfigurationEvent.CM_DELETED) {
            return;
        }
        State state = states.remove(event.getPid());
        if (state != null && state.lastValid != null) {
            files.forget(state.subject);
            ledger.removed(state.subject, state.versioned);
        }
    }

    private void publish(String topic, ConfigurationKind kind, String subject, String pid, List<ConfigurationViolation> violations) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("account.id", kind.factory() ? subject : "");
            properties.put("service.pid", pid);
            properties.put("violations", violations.stream().map(ConfigurationViolation::toString).toArray(String[]::new));
            admin.postEvent(new Event(topic, properties));
        }
    }

    /** The refused configurations' written form, for tests. */
    Map<String, String> lastRefused(String pid) {
        State state = states.get(pid);
        return state == null || state.lastRefused == null ? Map.of() : new TreeMap<>(state.lastRefused);
    }
}
