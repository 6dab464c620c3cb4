package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerType;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.config.AccountConfiguration;
import io.multibroker.api.config.ConfigurationBackup;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationSources;
import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.config.ImportPlan;
import io.multibroker.api.config.KindConfiguration;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.ConfigValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Backup and restore of every configuration as one document: the accounts of every broker type, the experiments (whose
 * arms may name accounts of the same document, so they are checked against it), and every other registered kind of
 * configuration (the registry's settings, risk limits, what a bundle adds later), found by looping over the kinds. An
 * import is validated as a whole by each kind's schema and rules, then applied all or nothing.
 */
@Component(service = ConfigurationBackup.class)
public final class ConfigurationTransfer implements ConfigurationBackup {

    private static final String FILE_KEY = StoredConfigurations.FILE_KEY;
    private static final String EXPERIMENT_PID = ExperimentService.FACTORY_PID;
    private static final String EXPERIMENT_NAME = "name";

    private final StoredConfigurations stored;
    private final BrokerRegistry registry;
    private final ConfigurationKinds kinds;
    private final ConfigurationSources sources;

    /** Where refusals are known: an export writes what is in force, not a refused configuration. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationHistory history;

    /** Checks an imported experiment's arms against the accounts, those of the document included. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ExperimentService experiments;

    @Activate
    public ConfigurationTransfer(@Reference ConfigurationAdmin configAdmin, @Reference BrokerRegistry registry,
            @Reference ConfigurationKinds kinds, @Reference ConfigurationSources sources) {
        this.stored = new StoredConfigurations(configAdmin);
        this.registry = registry;
        this.kinds = kinds;
        this.sources = sources;
    }

    // ---- export ----

    @Override
    public ConfigurationDocument export(boolean withSecrets) {
        List<AccountConfiguration> accounts = new ArrayList<>();
        for (BrokerTypeInfo type : registry.types()) {
            for (Configuration configuration : stored.ofFactory(type.factoryPid())) {
                Object accountId = StoredConfigurations.properties(configuration).get(BrokerAdapter.ACCOUNT_ID);
                if (accountId != null) {
                    Written written = written(inForce(accountId.toString(), configuration, type.schema()), type.schema(), withSecrets, null);
                    accounts.add(new AccountConfiguration(accountId.toString(), type.id(), written.properties(), written.omitted()));
                }
            }
        }
        accounts.sort(Comparator.comparing(AccountConfiguration::accountId));
        Map<String, Map<String, String>> experimentSettings = new TreeMap<>();
        for (Configuration configuration : stored.ofFactory(EXPERIMENT_PID)) {
            Object experiment = StoredConfigurations.properties(configuration).get(EXPERIMENT_NAME);
            if (experiment != null) {
                Map<String, Object> properties = inForce("experiment:" + experiment, configuration, null);
                experimentSettings.put(experiment.toString(), written(properties, null, true, EXPERIMENT_NAME).properties());
            }
        }
        return new ConfigurationDocument(ConfigurationDocument.FORMAT, Instant.now(), withSecrets, accounts, experimentSettings,
                exportSettings(withSecrets));
    }

    /** Every configuration of every other kind: the loop that makes a new kind part of backups without touching this class. */
    private List<KindConfiguration> exportSettings(boolean withSecrets) {
        List<KindConfiguration> settings = new ArrayList<>();
        for (ConfigurationKind kind : otherKinds()) {
            ConfigurationSchema schema = kinds.schema(kind.pid()).orElse(null);
            for (Configuration configuration : configurationsOfKind(kind)) {
                Map<String, Object> stored = StoredConfigurations.properties(configuration);
                Object named = kind.factory() ? stored.get(kind.nameKey()) : null;
                if (kind.factory() && named == null) {
                    continue;
                }
                String name = named == null ? null : named.toString();
                Written written = written(inForce(kind.subject(name), configuration, schema), schema, withSecrets, kind.nameKey());
                settings.add(new KindConfiguration(kind.id(), name, written.properties(), written.omitted()));
            }
        }
        settings.sort(Comparator.comparing(KindConfiguration::kind).thenComparing(s -> s.name() == null ? "" : s.name()));
        return settings;
    }

    private record Written(Map<String, String> properties, List<String> omitted) {
    }

    /** The properties as a document holds them: text, without the framework's keys or the name key, secrets as asked. */
    private static Written written(Map<String, Object> properties, ConfigurationSchema schema, boolean withSecrets, String nameKey) {
        Map<String, String> written = new TreeMap<>();
        List<String> omitted = new ArrayList<>();
        properties.forEach((key, value) -> {
            // a secret first: its key may look like a framework one (".token", private to the component)
            if (schema != null && schema.isSecret(key)) {
                if (withSecrets) {
                    written.put(key, ConfigValues.text(value));
                } else {
                    omitted.add(key);
                }
            } else if (!SchemaValidator.isFrameworkKey(key) && !key.equals(FILE_KEY) && !key.equals(nameKey)) {
                written.put(key, ConfigValues.text(value));
            }
        });
        return new Written(written, omitted);
    }

    /**
     * What is in force for a subject: its stored configuration, or, while that one is refused, the last accepted
     * version (the guard keeps it in force), so that an export is a document that imports again. Secret values are
     * never in the history: they come from the stored configuration. A subject that was never valid is written as stored.
     */
    private Map<String, Object> inForce(String subject, Configuration configuration, ConfigurationSchema schema) {
        Map<String, Object> stored = StoredConfigurations.properties(configuration);
        ConfigurationHistory known = history;
        if (known == null || known.refusal(subject).isEmpty()) {
            return stored;
        }
        List<ConfigurationVersion> versions = known.versions(subject);
        if (versions.isEmpty()) {
            return stored;
        }
        Map<String, Object> accepted = new LinkedHashMap<>(versions.get(versions.size() - 1).properties());
        if (schema != null) {
            accepted.keySet().removeIf(schema::isSecret);
            stored.forEach((key, value) -> {
                if (schema.isSecret(key)) {
                    accepted.put(key, value);
                }
            });
        }
        return accepted;
    }

    // ---- import ----

    @Override
    public synchronized ImportPlan importDocument(ConfigurationDocument document, boolean dryRun) {
        return new ConfigurationImport(stored, registry, kinds, sources, experiments, otherKinds()).run(document, dryRun);
    }

    /** The kinds with no section of their own: not a broker type's accounts, not experiments. */
    private List<ConfigurationKind> otherKinds() {
        return kinds.kinds().stream().filter(kind -> !(kind instanceof BrokerType) && !kind.pid().equals(EXPERIMENT_PID)).toList();
    }

    private List<Configuration> configurationsOfKind(ConfigurationKind kind) {
        return kind.factory() ? stored.ofFactory(kind.pid()) : stored.byPid(kind.pid()).stream().toList();
    }
}
