package io.multibroker.registry;

import io.multibroker.api.config.ConfigurationSources;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerType;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.config.ConfigurationChange;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards every broker account's configuration on its way from ConfigAdmin to the adapter, wherever it
 * came from (console, factory, a hand-edited etc/*.cfg): as a ConfigAdmin plugin ranked after Karaf's
 * interpolation, it validates the interpolated properties against the type's schema. A valid
 * configuration is recorded as the account's next version (durably, as written, secrets fingerprinted).
 * An invalid one is not delivered: the adapter is handed its last valid configuration instead, the
 * account turns DEGRADED with the violations as the reason, and an event is published.
 */
@Component(service = {ConfigurationPlugin.class, ConfigurationHistory.class, ConfigurationSources.class,
        org.osgi.service.cm.ConfigurationListener.class},
        property = {"service.cmRanking:Integer=900", "config.plugin.id=io.multibroker.config-guard"})
public final class ConfigurationGuard implements ConfigurationPlugin, ConfigurationHistory, ConfigurationSources,
        org.osgi.service.cm.ConfigurationListener {

    static final String TOPIC_CONFIGURATION_REFUSED = "io/multibroker/account/CONFIGURATION_REFUSED";
    static final String FILE_KEY = "felix.fileinstall.filename";
    static final String TOPIC_CONFIGURATION_APPLIED = "io/multibroker/account/CONFIGURATION_APPLIED";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationGuard.class);

    /** What the guard knows of one configuration (by PID). */
    private static final class State {
        Map<String, Object> lastValid;
        Map<String, String> lastRefused;
    }

    private final BrokerRegistry registry;
    private final AccountConditions conditions;
    private final ConfigurationAdmin configAdmin;
    private final ConfigurationHistoryStore store;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, String> pendingSources = new ConcurrentHashMap<>();
    private final Map<String, List<ConfigurationViolation>> refusals = new ConcurrentHashMap<>();
    private final Map<String, BrokerType> typeServices = new ConcurrentHashMap<>();
    private volatile EventAdmin eventAdmin;
    private volatile BundleContext context;
    private volatile ConfigurationSchema registrySchema;
    private final java.util.concurrent.ExecutorService baselines = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "multibroker-config-guard");
        thread.setDaemon(true);
        return thread;
    });

    /** How often the files behind accounts are looked at for a parse failure (FileInstall polls every second). */
    static final long FILE_CHECK_SECONDS = 2;

    private final ConfigFileWatch files;
    private final java.util.concurrent.ScheduledExecutorService fileChecks = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "multibroker-config-files");
                thread.setDaemon(true);
                return thread;
            });

    @Activate
    public ConfigurationGuard(@Reference BrokerRegistry registry, @Reference AccountConditions conditions,
            @Reference ConfigurationAdmin configAdmin, @Reference org.osgi.service.metatype.MetaTypeService metaType,
            BundleContext context) {
        this(registry, conditions, configAdmin, new ConfigurationHistoryStore(historyDirectory(context)));
        this.context = context;
        this.registrySchema = MetatypeSchemas.read(metaType, context.getBundle(), BrokerRegistryImpl.PID).orElse(null);
        typeServices.values().forEach(this::baseline);
        fileChecks.scheduleWithFixedDelay(this::checkFiles, FILE_CHECK_SECONDS, FILE_CHECK_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * The history is the user's record of every change: in Karaf it lives under karaf.data, beside the outcomes, so that an
     * upgrade to a new build (which drops the bundle cache, and with it every bundle's data area) keeps it.
     */
    private static Path historyDirectory(BundleContext context) {
        String karafData = context.getProperty("karaf.data");
        return karafData != null ? Path.of(karafData, "multibroker", "configuration-history")
                : context.getDataFile("configuration-history").toPath();
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        baselines.shutdownNow();
        fileChecks.shutdownNow();
    }

    /** An account's .cfg that FileInstall could not parse turns it DEGRADED (see {@link ConfigFileWatch}). */
    void checkFiles() {
        for (State state : states.values()) {
            Map<String, Object> valid = state.lastValid;
            if (valid == null || valid.get(BrokerAdapter.ACCOUNT_ID) == null || valid.get(FILE_KEY) == null) {
                continue;
            }
            String accountId = String.valueOf(valid.get(BrokerAdapter.ACCOUNT_ID));
            try {
                Path file = Path.of(java.net.URI.create(String.valueOf(valid.get(FILE_KEY))));
                boolean failedBefore = files.failing(accountId);
                Optional<ConfigurationViolation> unparseable = files.check(accountId, file);
                synchronized (this) {
                    if (unparseable.isPresent()) {
                        refusals.put(accountId, List.of(unparseable.get()));
                    } else if (failedBefore) {
                        refusals.remove(accountId);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("could not check the file behind account {}: {}", accountId, e.toString());
            }
        }
    }

    /**
     * Runs the type's existing configurations through ConfigAdmin's processing (and so through this guard),
     * so that configurations delivered before the guard or the type came up get their version too.
     */
    private void baseline(BrokerType type) {
        baseline(type.factoryPid(), type.id());
    }

    private void baseline(String factoryPid, String what) {
        BundleContext bundleContext = context;
        if (bundleContext == null) {
            return;
        }
        baselines.execute(() -> {
            try {
                ServiceReference<ConfigurationHistory> self = bundleContext.getServiceReference(ConfigurationHistory.class);
                Configuration[] found = configAdmin.listConfigurations("(service.factoryPid=" + factoryPid + ")");
                if (self == null || found == null) {
                    return;
                }
                for (Configuration configuration : found) {
                    configuration.getProcessedProperties(self);
                }
            } catch (IOException | InvalidSyntaxException | RuntimeException e) {
                LOG.warn("could not record the current configurations of {}: {}", what, e.toString());
            }
        });
    }

    ConfigurationGuard(BrokerRegistry registry, AccountConditions conditions, ConfigurationAdmin configAdmin,
            ConfigurationHistoryStore store) {
        this.registry = registry;
        this.conditions = conditions;
        this.configAdmin = configAdmin;
        this.store = store;
        this.files = new ConfigFileWatch(conditions);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBrokerType(BrokerType type) {
        typeServices.put(type.id(), type);
        baseline(type);
    }

    void unbindBrokerType(BrokerType type) {
        typeServices.remove(type.id(), type);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    void unbindEventAdmin(EventAdmin admin) {
        if (this.eventAdmin == admin) {
            this.eventAdmin = null;
        }
    }

    @Override
    public void nextChangeOf(String pid, String source) {
        pendingSources.put(pid, source);
    }

    // ---- the plugin ----

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        Object factoryPid = properties.get("service.factoryPid");
        Object pid = properties.get("service.pid");
        if (BrokerRegistryImpl.PID.equals(pid)) {
            guardRegistrySettings(properties);
            return;
        }
        if (factoryPid == null || pid == null) {
            return;
        }
        if (io.multibroker.api.routing.ExperimentService.FACTORY_PID.equals(factoryPid)) {
            try {
                guardExperiment(pid.toString(), properties);
            } catch (RuntimeException e) {
                LOG.error("could not check the experiment configuration {}: {}", pid, e.toString(), e);
            }
            return;
        }
        Optional<BrokerTypeInfo> type = registry.types().stream().filter(t -> t.factoryPid().equals(factoryPid)).findFirst();
        if (type.isEmpty()) {
            return;
        }
        try {
            guard(pid.toString(), type.get(), properties);
            if (reference == null) {
                unresolveSecrets(pid.toString(), type.get().schema(), properties);
            }
        } catch (RuntimeException e) {
            // a guard failure must never keep a configuration from its adapter
            LOG.error("could not check the configuration {}: {}", pid, e.toString(), e);
        }
    }

    /**
     * A read with no consumer behind it ({@code config:list}, FileInstall writing a .cfg back) gets the secret
     * attributes as they are stored: a {@code $[secret:...]} or {@code $[env:...]} reference stays a reference,
     * where the interpolation plugin (which runs before this one) would have put the secret itself.
     */
    private void unresolveSecrets(String pid, ConfigurationSchema schema, Dictionary<String, Object> properties) {
        Configuration configuration = find("(service.pid=" + pid + ")").orElse(null);
        Dictionary<String, Object> raw = configuration == null ? null : configuration.getProperties();
        if (raw == null) {
            return;
        }
        for (Enumeration<String> keys = raw.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if ((key.startsWith(".") || schema.isSecret(key)) && properties.get(key) != null) {
                properties.put(key, raw.get(key));
            }
        }
    }

    private synchronized void guard(String pid, BrokerTypeInfo type, Dictionary<String, Object> properties) {
        Map<String, Object> processed = map(properties);
        String accountId = String.valueOf(processed.get(BrokerAdapter.ACCOUNT_ID));
        List<ConfigurationViolation> violations = validate(type, processed);
        State state = states.computeIfAbsent(pid, p -> new State());
        if (state.lastValid != null && !accountId.equals(String.valueOf(state.lastValid.get(BrokerAdapter.ACCOUNT_ID)))) {
            violations.add(new ConfigurationViolation(BrokerAdapter.ACCOUNT_ID, accountId, "cannot change (it was "
                    + state.lastValid.get(BrokerAdapter.ACCOUNT_ID) + "): remove the account and create it under the new id"));
            accountId = String.valueOf(state.lastValid.get(BrokerAdapter.ACCOUNT_ID));
        }
        if (violations.isEmpty()) {
            state.lastValid = processed;
            state.lastRefused = null;
            if (refusals.remove(accountId) != null) {
                conditions.configurationAccepted(accountId);
            }
            recordVersion(pid, accountId, type.schema());
            return;
        }
        Map<String, String> refused = written(pid, type.schema());
        if (!refused.equals(state.lastRefused)) {
            state.lastRefused = refused;
            LOG.error("configuration of account {} refused ({}): {}; {}", accountId, pid, violations,
                    state.lastValid == null ? "no earlier valid configuration to keep" : "keeping the last valid configuration");
            publish(TOPIC_CONFIGURATION_REFUSED, accountId, pid, violations);
        }
        pendingSources.remove(pid);
        refusals.put(accountId, violations);
        conditions.configurationRefused(accountId, "configuration refused, running on the last valid one: " + violations);
        if (state.lastValid != null) {
            // hand the adapter its last valid configuration instead of the invalid one
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                if (!state.lastValid.containsKey(key)) {
                    properties.remove(key);
                }
            }
            state.lastValid.forEach(properties::put);
        }
    }

    private volatile io.multibroker.api.routing.ExperimentService experiments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindExperimentService(io.multibroker.api.routing.ExperimentService service) {
        this.experiments = service;
        baseline(io.multibroker.api.routing.ExperimentService.FACTORY_PID, "experiments");
    }

    void unbindExperimentService(io.multibroker.api.routing.ExperimentService service) {
        if (this.experiments == service) {
            this.experiments = null;
        }
    }

    private static final ConfigurationSchema NO_SECRETS = new ConfigurationSchema("", "", "", List.of());

    /**
     * An experiment: checked by the experiment service, except that its arms need not be registered yet (at
     * boot, accounts register after experiments are read). Versions go into the history as {@code experiment:<name>}.
     */
    private synchronized void guardExperiment(String pid, Dictionary<String, Object> properties) {
        io.multibroker.api.routing.ExperimentService service = experiments;
        if (service == null) {
            return;
        }
        Map<String, Object> processed = map(properties);
        String name = String.valueOf(processed.get("name"));
        Map<String, Object> settings = new HashMap<>();
        java.util.Set<String> arms = new java.util.HashSet<>();
        processed.forEach((key, value) -> {
            if (!SchemaValidator.isFrameworkKey(key) && !key.equals("felix.fileinstall.filename") && !key.equals("name")) {
                settings.put(key, value);
            }
        });
        for (String arm : text(processed.getOrDefault("arms", "")).split(",")) {
            arms.add(arm.contains("=") ? arm.substring(0, arm.indexOf('=')).trim() : arm.trim());
        }
        List<ConfigurationViolation> violations = service.validate(name, settings, arms);
        State state = states.computeIfAbsent(pid, p -> new State());
        String key = "experiment:" + name;
        if (violations.isEmpty()) {
            state.lastValid = processed;
            state.lastRefused = null;
            recordVersion(pid, key, NO_SECRETS);
            return;
        }
        Map<String, String> refused = written(pid, NO_SECRETS);
        if (!refused.equals(state.lastRefused)) {
            state.lastRefused = refused;
            LOG.error("experiment {} configuration refused ({}): {}; {}", name, pid, violations,
                    state.lastValid == null ? "no earlier valid configuration to keep" : "keeping the last valid configuration");
            publish(TOPIC_CONFIGURATION_REFUSED, key, pid, violations);
        }
        pendingSources.remove(pid);
        if (state.lastValid != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String existing = keys.nextElement();
                if (!state.lastValid.containsKey(existing)) {
                    properties.remove(existing);
                }
            }
            state.lastValid.forEach(properties::put);
        }
    }

    /** The registry's own settings: an invalid edit leaves the last valid settings in force, like an account's. */
    private synchronized void guardRegistrySettings(Dictionary<String, Object> properties) {
        ConfigurationSchema schema = registrySchema;
        if (schema == null) {
            return;
        }
        Map<String, Object> processed = map(properties);
        List<ConfigurationViolation> violations = SchemaValidator.validate(schema, processed);
        State state = states.computeIfAbsent(BrokerRegistryImpl.PID, p -> new State());
        if (violations.isEmpty()) {
            state.lastValid = processed;
            state.lastRefused = null;
            return;
        }
        Map<String, String> refused = new TreeMap<>();
        processed.forEach((key, value) -> refused.put(key, text(value)));
        if (!refused.equals(state.lastRefused)) {
            state.lastRefused = refused;
            LOG.error("registry settings refused: {}; {}", violations,
                    state.lastValid == null ? "the defaults stay in force" : "the last valid settings stay in force");
            publish(TOPIC_CONFIGURATION_REFUSED, "", BrokerRegistryImpl.PID, violations);
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (state.lastValid == null ? !key.startsWith("service.") : !state.lastValid.containsKey(key)) {
                properties.remove(key);
            }
        }
        if (state.lastValid != null) {
            state.lastValid.forEach(properties::put);
        }
    }

    private List<ConfigurationViolation> validate(BrokerTypeInfo type, Map<String, Object> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>(SchemaValidator.validate(type.schema(), properties));
        BrokerType service = typeServices.get(type.id());
        if (violations.isEmpty() && service != null) {
            violations.addAll(service.validate(SchemaValidator.coerce(type.schema(), properties)));
        }
        return violations;
    }

    /** Appends a version when the configuration as written differs from the latest recorded one. */
    private void recordVersion(String pid, String accountId, ConfigurationSchema schema) {
        Map<String, String> written = written(pid, schema);
        List<ConfigurationVersion> versions = store.versions(accountId);
        if (!versions.isEmpty() && versions.get(versions.size() - 1).properties().equals(written)) {
            return;
        }
        String source = pendingSources.remove(pid);
        if (source == null) {
            source = written.containsKey("felix.fileinstall.filename") ? "file" : "configadmin";
        }
        ConfigurationVersion version = store.append(accountId, Instant.now(), source, written);
        LOG.info("account {} configuration version {} ({})", accountId, version.version(), source);
        publish(TOPIC_CONFIGURATION_APPLIED, accountId, pid, List.of());
    }

    /** The configuration as stored in ConfigAdmin (placeholders unresolved), secrets as fingerprints. */
    private Map<String, String> written(String pid, ConfigurationSchema schema) {
        Map<String, String> written = new TreeMap<>();
        Configuration configuration = find("(service.pid=" + pid + ")").orElse(null);
        Dictionary<String, Object> raw = configuration == null ? null : configuration.getProperties();
        if (raw == null) {
            return written;
        }
        for (Enumeration<String> keys = raw.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (key.equals("service.pid") || key.equals("service.factoryPid") || key.equals("service.bundleLocation")) {
                continue;
            }
            String value = text(raw.get(key));
            written.put(key, schema.isSecret(key) && !isPlaceholder(value) ? fingerprint(value) : value);
        }
        return written;
    }

    private static boolean isPlaceholder(String value) {
        return value.startsWith("$[") && value.endsWith("]");
    }

    static String fingerprint(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object value) {
        if (value instanceof Object[] array) {
            List<String> items = new ArrayList<>();
            for (Object item : array) {
                items.add(String.valueOf(item));
            }
            return String.join(",", items);
        }
        return String.valueOf(value);
    }

    /** A removed account is part of its history: a version with no properties, source {@code removed}. */
    @Override
    public void configurationEvent(org.osgi.service.cm.ConfigurationEvent event) {
        if (event.getType() != org.osgi.service.cm.ConfigurationEvent.CM_DELETED) {
            return;
        }
        State state = states.remove(event.getPid());
        if (state == null || state.lastValid == null) {
            return;
        }
        String accountId = state.lastValid.containsKey(BrokerAdapter.ACCOUNT_ID)
                ? String.valueOf(state.lastValid.get(BrokerAdapter.ACCOUNT_ID)) : "experiment:" + state.lastValid.get("name");
        synchronized (this) {
            store.append(accountId, Instant.now(), "removed", Map.of());
            refusals.remove(accountId);
        }
        conditions.configurationAccepted(accountId);
        LOG.info("account {} configuration removed", accountId);
    }

    // ---- the history ----

    @Override
    public List<ConfigurationVersion> versions(String accountId) {
        return store.versions(accountId);
    }

    @Override
    public List<ConfigurationChange> diff(String accountId, int from, int to) {
        Map<String, String> before = version(accountId, from).properties();
        Map<String, String> after = version(accountId, to).properties();
        List<ConfigurationChange> changes = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String a = before.get(key);
            String b = after.get(key);
            if (a == null ? b != null : !a.equals(b)) {
                changes.add(new ConfigurationChange(key, a, b));
            }
        }
        return changes;
    }

    @Override
    public ConfigurationVersion rollback(String accountId, int version) {
        ConfigurationVersion target = version(accountId, version);
        Configuration configuration = find("(" + BrokerAdapter.ACCOUNT_ID + "=" + BrokerFactoryImpl.escape(accountId) + ")")
                .orElseThrow(() -> StandardBrokerError.of(ErrorCode.ACCOUNT_NOT_FOUND, null,
                        "account " + accountId + " has no configuration to roll back", ErrorContext.account(accountId)));
        Dictionary<String, Object> current = configuration.getProperties();
        Hashtable<String, Object> restored = new Hashtable<>();
        List<ConfigurationViolation> problems = new ArrayList<>();
        target.properties().forEach((key, value) -> {
            if (value.startsWith("sha256:")) {
                // a literal secret: only the current value can be put back, and only if it is the same one
                Object now = current == null ? null : current.get(key);
                if (now != null && fingerprint(text(now)).equals(value)) {
                    restored.put(key, now);
                } else {
                    problems.add(new ConfigurationViolation(key, "********", "version " + version
                            + " held another literal secret, which is never stored: set it again with the configuration"));
                }
            } else {
                restored.put(key, value);
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("rollback of " + accountId + " to version " + version, problems);
        }
        // values go back as the text they were written as: exactly what a .cfg file holds, and what DS converts alike
        try {
            nextChangeOf(configuration.getPid(), "rollback");
            configuration.update(restored);
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not write the configuration of " + accountId + ": " + e, e);
        }
        LOG.info("account {} rolled back to the configuration of version {}", accountId, version);
        return target;
    }

    @Override
    public List<ConfigurationViolation> refusal(String accountId) {
        return refusals.getOrDefault(accountId, List.of());
    }

    private ConfigurationVersion version(String accountId, int version) {
        return store.versions(accountId).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> StandardBrokerError.of(ErrorCode.CONFIGURATION_INVALID, null, "account " + accountId
                        + " has no configuration version " + version + " (versions: 1.." + store.versions(accountId).size() + ")",
                        ErrorContext.account(accountId)));
    }

    private Optional<Configuration> find(String filter) {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException | InvalidSyntaxException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not read the configurations: " + e, e);
        }
    }

    private void publish(String topic, String accountId, String pid, List<ConfigurationViolation> violations) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("account.id", accountId);
            properties.put("service.pid", pid);
            properties.put("violations", violations.stream().map(ConfigurationViolation::toString).toArray(String[]::new));
            admin.postEvent(new Event(topic, properties));
        }
    }

    private static Map<String, Object> map(Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, dictionary.get(key));
        }
        return map;
    }
}
