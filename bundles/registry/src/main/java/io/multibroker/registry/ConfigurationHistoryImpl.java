package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.config.ConfigurationChange;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationSources;
import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.support.ConfigValues;
import io.multibroker.storage.EmbeddedDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable history of every versioned configuration (accounts, experiments, any kind that asks for it) and the one record
 * of refusals: a subject whose latest configuration was refused has its violations here until one is accepted. What depends
 * on a refusal (an account's health) reads it here and is told of changes ({@link RefusalListener}).
 */
@Component(service = {ConfigurationHistory.class, ConfigurationSources.class, ConfigurationLedger.class},
        configurationPid = ConfigurationHistoryImpl.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConfigurationHistoryConfig.class)
public final class ConfigurationHistoryImpl implements ConfigurationHistory, ConfigurationSources, ConfigurationLedger {

    static final String PID = "io.multibroker.confighistory";

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationHistoryImpl.class);

    private final ConfigurationHistoryStore store;
    private final StoredConfigurations stored;
    private final ConfigurationKinds kinds;
    private final Map<String, String> pendingSources = new ConcurrentHashMap<>();
    private final Map<String, List<ConfigurationViolation>> refusals = new ConcurrentHashMap<>();
    private final List<RefusalListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ServiceReference<RefusalListener>> listenerServices = new CopyOnWriteArrayList<>();
    private final DataSource ownedPool;
    private volatile BundleContext context;

    /**
     * The DataSource is the shared one when bound (it references nothing of Multibroker, so no cycle, docs/wiring.md); it is
     * static, so a runtime on PostgreSQL is told to wait for it ({@code dataSource.cardinality.minimum = 1}) rather than
     * start on the embedded database and restart everything that uses the history when it comes.
     */
    @Activate
    public ConfigurationHistoryImpl(ConfigurationHistoryConfig config, @Reference ConfigurationAdmin configAdmin,
            @Reference ConfigurationKinds kinds,
            @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            DataSource configured, BundleContext context) {
        this(openStore(configured != null ? configured : EmbeddedDatabase.open(config.embedded_path()), configured == null,
                SharedRegistryHistory.runtimeId(configAdmin), historyDirectory(context)),
                new StoredConfigurations(configAdmin), kinds, configured == null);
        this.context = context;
        LOG.info("configuration history kept in {}", configured != null ? "the configured DataSource" : "the embedded database");
    }

    ConfigurationHistoryImpl(ConfigurationHistoryStore store, StoredConfigurations stored, ConfigurationKinds kinds) {
        this(store, stored, kinds, false);
    }

    private ConfigurationHistoryImpl(ConfigurationHistoryStore store, StoredConfigurations stored, ConfigurationKinds kinds,
            boolean ownsPool) {
        this.store = store;
        this.stored = stored;
        this.kinds = kinds;
        this.ownedPool = ownsPool ? store.dataSource() : null;
    }

    /** The store on its database, with the files kept before the database imported (once). */
    private static ConfigurationHistoryStore openStore(DataSource dataSource, boolean owned, String runtimeId, Path files) {
        try {
            ConfigurationHistoryStore store = new ConfigurationHistoryStore(dataSource, runtimeId);
            ConfigurationHistoryImport.importOnce(store, files);
            return store;
        } catch (RuntimeException e) {
            if (owned) {
                EmbeddedDatabase.close(dataSource);
            }
            throw e;
        }
    }

    @Deactivate
    void close() {
        EmbeddedDatabase.close(ownedPool);
    }

    /**
     * Where the history was kept before the database (under karaf.data, so that it outlived upgrades): imported from there
     * once.
     */
    private static Path historyDirectory(BundleContext context) {
        String karafData = context.getProperty("karaf.data");
        return karafData != null ? Path.of(karafData, "multibroker", "configuration-history")
                : context.getDataFile("configuration-history").toPath();
    }

    /** A listener given directly (tests). */
    void bindRefusalListener(RefusalListener listener) {
        listeners.add(listener);
    }

    /**
     * The registry listens, and holds a reference to this history: binding the listener's service object here would
     * activate each from inside the other's activation, a cycle Declarative Services breaks by leaving one side unbound
     * (seen: the registry without its history, so a refused account stayed UP). The service is got when it is told.
     */
    @Reference(service = RefusalListener.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindListenerService(ServiceReference<RefusalListener> reference) {
        listenerServices.add(reference);
    }

    void unbindListenerService(ServiceReference<RefusalListener> reference) {
        listenerServices.remove(reference);
    }

    // ---- what the guard records ----

    @Override
    public void nextChangeOf(String pid, String source) {
        pendingSources.put(pid, source);
    }

    @Override
    public synchronized boolean accepted(String subject, String pid, Map<String, String> written, boolean versioned) {
        if (refusals.remove(subject) != null) {
            changed(subject);
        }
        if (!versioned) {
            return false;
        }
        String source = pendingSources.remove(pid);
        if (source == null) {
            source = written.containsKey(StoredConfigurations.FILE_KEY) ? "file" : "configadmin";
        }
        // the same configuration again (a restart, or another runtime that recorded the change shared with this one) is no version
        Optional<ConfigurationVersion> recorded = store.appendIfChanged(subject, Instant.now(), source, written);
        if (recorded.isEmpty()) {
            return false;
        }
        ConfigurationVersion version = recorded.get();
        LOG.info("account {} configuration version {} ({})", subject, version.version(), source);
        return true;
    }

    @Override
    public void refused(String subject, String pid, List<ConfigurationViolation> violations) {
        if (pid != null) {
            pendingSources.remove(pid);
        }
        List<ConfigurationViolation> before = refusals.put(subject, List.copyOf(violations));
        if (!Objects.equals(before, violations)) {
            changed(subject);
        }
    }

    @Override
    public void cleared(String subject) {
        if (refusals.remove(subject) != null) {
            changed(subject);
        }
    }

    @Override
    public synchronized void removed(String subject, boolean versioned) {
        if (versioned) {
            // every runtime sharing the configuration sees the removal; a removal after a removal is not a version
            store.appendIfChanged(subject, Instant.now(), "removed", Map.of());
        }
        cleared(subject);
        LOG.info("account {} configuration removed", subject);
    }

    private void changed(String subject) {
        listeners.forEach(listener -> listener.refusalChanged(subject));
        BundleContext bundle = context;
        if (bundle == null) {
            return;
        }
        for (ServiceReference<RefusalListener> reference : listenerServices) {
            RefusalListener listener = bundle.getService(reference);
            if (listener != null) {
                try {
                    listener.refusalChanged(subject);
                } finally {
                    bundle.ungetService(reference);
                }
            }
        }
    }

    // ---- what everybody reads ----

    @Override
    public List<ConfigurationViolation> refusal(String accountId) {
        return refusals.getOrDefault(accountId, List.of());
    }

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
            if (!Objects.equals(a, b)) {
                changes.add(new ConfigurationChange(key, a, b));
            }
        }
        return changes;
    }

    @Override
    public ConfigurationVersion rollback(String accountId, int version) {
        ConfigurationVersion target = version(accountId, version);
        Configuration configuration = stored.bySubject(kinds.kinds(), accountId)
                .or(() -> stored.find("(" + BrokerAdapter.ACCOUNT_ID + "=" + ConfigValues.escapeFilter(accountId) + ")"))
                .orElseThrow(() -> StandardBrokerError.of(ErrorCode.ACCOUNT_NOT_FOUND, null,
                        "account " + accountId + " has no configuration to roll back", ErrorContext.account(accountId)));
        Dictionary<String, Object> current = configuration.getProperties();
        Hashtable<String, Object> restored = new Hashtable<>();
        List<ConfigurationViolation> problems = new ArrayList<>();
        target.properties().forEach((key, value) -> {
            if (value.startsWith("sha256:")) {
                // a literal secret: only the current value can be put back, and only if it is the same one
                Object now = current == null ? null : current.get(key);
                if (now != null && StoredConfigurations.fingerprint(ConfigValues.text(now)).equals(value)) {
                    restored.put(key, now);
                } else {
                    problems.add(new ConfigurationViolation(key, SchemaValidator.MASK, "version " + version
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

    private ConfigurationVersion version(String accountId, int version) {
        List<ConfigurationVersion> versions = store.versions(accountId);
        return versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> StandardBrokerError.of(ErrorCode.CONFIGURATION_INVALID, null, "account " + accountId
                        + " has no configuration version " + version + " (versions: 1.." + versions.size() + ")",
                        ErrorContext.account(accountId)));
    }
}
