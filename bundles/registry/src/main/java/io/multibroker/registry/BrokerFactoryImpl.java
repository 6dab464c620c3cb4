package io.multibroker.registry;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerFactory;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.config.AccountConfiguration;
import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.ConfigurationBackup;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationSources;
import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.ImportPlan;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.ConfigValues;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker accounts as ConfigAdmin factory configurations: one per account, named after the account,
 * of the type's factory PID. Every change is validated against the type's Metatype schema and the
 * type's own rules before anything is written.
 */
@Component(service = {BrokerFactory.class, ConfigurationBackup.class})
public final class BrokerFactoryImpl implements BrokerFactory, ConfigurationBackup {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerFactoryImpl.class);
    /** Account ids become configuration names and file names: keep them to a safe alphabet. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ConfigurationAdmin configAdmin;
    private final BrokerRegistry registry;
    private final ConfigurationKinds kinds;
    private final ConfigurationSources sources;

    @Activate
    public BrokerFactoryImpl(@Reference ConfigurationAdmin configAdmin, @Reference BrokerRegistry registry,
            @Reference ConfigurationKinds kinds, @Reference ConfigurationSources sources) {
        this.configAdmin = configAdmin;
        this.registry = registry;
        this.kinds = kinds;
        this.sources = sources;
    }

    /** Where refusals are known: an export writes what is in force, not a refused configuration. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationHistory history;

    private volatile ExperimentService experiments;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindExperimentService(ExperimentService service) {
        this.experiments = service;
    }

    void unbindExperimentService(ExperimentService service) {
        if (this.experiments == service) {
            this.experiments = null;
        }
    }

    @Override
    public List<BrokerTypeInfo> types() {
        return registry.types();
    }

    @Override
    public void createAccount(String brokerType, String accountId, Map<String, Object> properties) {
        BrokerTypeInfo type = requireType(brokerType);
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new InvalidConfigurationException("account " + accountId, List.of(new ConfigurationViolation(
                    BrokerAdapter.ACCOUNT_ID, accountId, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")));
        }
        if (registry.account(accountId).isPresent() || findConfiguration(accountId).isPresent()) {
            throw StandardBrokerError.of(ErrorCode.CONFIGURATION_INVALID, null, "account " + accountId + " already exists",
                    ErrorContext.account(accountId));
        }
        Map<String, Object> wanted = new LinkedHashMap<>(properties);
        Object given = wanted.put(BrokerAdapter.ACCOUNT_ID, accountId);
        if (given != null && !given.toString().equals(accountId)) {
            throw new InvalidConfigurationException("account " + accountId, List.of(new ConfigurationViolation(
                    BrokerAdapter.ACCOUNT_ID, given.toString(), "differs from the account id " + accountId)));
        }
        Map<String, Object> typed = checked(type, accountId, wanted);
        try {
            // "?" binds the configuration to no single bundle, so that a redeployed adapter bundle picks it up again
            Configuration configuration = configAdmin.getFactoryConfiguration(type.factoryPid(), accountId, "?");
            sources.nextChangeOf(configuration.getPid(), "console");
            configuration.update(ConfigValues.dictionary(typed));
            LOG.info("account {} of type {} created", accountId, brokerType);
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not store the configuration of " + accountId + ": " + e, e);
        }
    }

    @Override
    public void reconfigure(String accountId, Map<String, Object> changes) {
        Configuration configuration = requireConfiguration(accountId);
        Map<String, Object> merged = StoredConfigurations.properties(configuration);
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        if (!accountId.equals(String.valueOf(merged.get(BrokerAdapter.ACCOUNT_ID)))) {
            throw new InvalidConfigurationException("account " + accountId, List.of(new ConfigurationViolation(
                    BrokerAdapter.ACCOUNT_ID, String.valueOf(merged.get(BrokerAdapter.ACCOUNT_ID)),
                    "cannot be changed: remove the account and create it under the new id")));
        }
        BrokerTypeInfo type = typeOfConfiguration(configuration, accountId);
        Map<String, Object> typed = checked(type, accountId, merged);
        if (merged.containsKey(FILE_KEY)) {
            // an account from an etc/*.cfg file: write text, so that FileInstall keeps the file as an operator wrote it
            typed = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : merged.entrySet()) {
                typed.put(entry.getKey(), entry.getKey().equals(FILE_KEY) ? entry.getValue() : ConfigValues.text(entry.getValue()));
            }
        }
        try {
            sources.nextChangeOf(configuration.getPid(), "console");
            configuration.update(ConfigValues.dictionary(typed));
            LOG.info("account {} reconfigured: {}", accountId, SchemaValidator.masked(type.schema(), changes).keySet());
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not store the configuration of " + accountId + ": " + e, e);
        }
    }

    @Override
    public void removeAccount(String accountId) {
        Configuration configuration = requireConfiguration(accountId);
        try {
            configuration.delete();
            LOG.info("account {} removed", accountId);
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not delete the configuration of " + accountId + ": " + e, e);
        }
    }

    @Override
    public void stopAccount(String accountId) {
        reconfigure(accountId, Map.of(BrokerAdapter.ACCOUNT_ENABLED, Boolean.FALSE));
    }

    @Override
    public void startAccount(String accountId) {
        reconfigure(accountId, Map.of(BrokerAdapter.ACCOUNT_ENABLED, Boolean.TRUE));
    }

    @Override
    public List<ConfigurationViolation> validate(String brokerType, Map<String, Object> properties) {
        return kinds.validate(requireType(brokerType).factoryPid(), properties);
    }

    @Override
    public Map<String, Object> configuration(String accountId) {
        Configuration configuration = requireConfiguration(accountId);
        Map<String, Object> properties = StoredConfigurations.properties(configuration);
        String factoryPid = configuration.getFactoryPid();
        ConfigurationSchema schema = registry.types().stream().filter(t -> t.factoryPid().equals(factoryPid))
                .map(BrokerTypeInfo::schema).findFirst().orElse(null);
        return SchemaValidator.masked(schema, properties);
    }

    private Map<String, Object> checked(BrokerTypeInfo type, String accountId, Map<String, Object> properties) {
        List<ConfigurationViolation> violations = validate(type.id(), properties);
        if (!violations.isEmpty()) {
            throw new InvalidConfigurationException("account " + accountId + " (" + type.id() + ")", violations);
        }
        return SchemaValidator.coerce(type.schema(), properties);
    }

    private BrokerTypeInfo requireType(String brokerType) {
        return registry.type(brokerType).orElseThrow(() -> StandardBrokerError.of(ErrorCode.UNSUPPORTED_BROKER, null,
                "unsupported broker type '" + brokerType + "' (registered types: "
                        + String.join(", ", registry.types().stream().map(BrokerTypeInfo::id).toList())
                        + "); is its bundle installed?", ErrorContext.NONE));
    }

    private BrokerTypeInfo typeOfConfiguration(Configuration configuration, String accountId) {
        String factoryPid = configuration.getFactoryPid();
        return registry.types().stream().filter(t -> t.factoryPid().equals(factoryPid)).findFirst()
                .orElseThrow(() -> StandardBrokerError.of(ErrorCode.UNSUPPORTED_BROKER, null, "account " + accountId
                        + " belongs to " + factoryPid + ", whose broker type is not installed", ErrorContext.account(accountId)));
    }

    private Configuration requireConfiguration(String accountId) {
        return findConfiguration(accountId).orElseThrow(() -> {
            Optional<BrokerAccount> registered = registry.account(accountId);
            String why = registered.isPresent() ? "account " + accountId + " is registered but not managed through ConfigAdmin"
                    : "no account " + accountId;
            return StandardBrokerError.of(ErrorCode.ACCOUNT_NOT_FOUND, null, why, ErrorContext.account(accountId));
        });
    }

    private Optional<Configuration> findConfiguration(String accountId) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + BrokerAdapter.ACCOUNT_ID + "=" + ConfigValues.escapeFilter(accountId) + ")");
            if (found == null) {
                return Optional.empty();
            }
            // other kinds name an account too (risk limits per account carry account.id): only a broker type's
            // configuration is the account's own
            Set<String> brokerFactories = registry.types().stream().map(BrokerTypeInfo::factoryPid).collect(Collectors.toSet());
            for (Configuration configuration : found) {
                if (configuration.getFactoryPid() != null && brokerFactories.contains(configuration.getFactoryPid())) {
                    return Optional.of(configuration);
                }
            }
            return Optional.empty();
        } catch (IOException | InvalidSyntaxException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not search the configurations: " + e, e);
        }
    }

    // ---- backup and restore ----

    private static final String FILE_KEY = "felix.fileinstall.filename";

    @Override
    public ConfigurationDocument export(boolean withSecrets) {
        List<AccountConfiguration> accounts = new ArrayList<>();
        for (BrokerTypeInfo type : registry.types()) {
            for (Configuration configuration : configurationsOf(type.factoryPid())) {
                Object accountId = StoredConfigurations.properties(configuration).get(BrokerAdapter.ACCOUNT_ID);
                if (accountId == null) {
                    continue;
                }
                Map<String, Object> properties = inForce(accountId.toString(), configuration, type.schema());
                Map<String, String> written = new TreeMap<>();
                List<String> omitted = new ArrayList<>();
                properties.forEach((key, value) -> {
                    if (type.schema().isSecret(key)) {
                        if (withSecrets) {
                            written.put(key, ConfigValues.text(value));
                        } else {
                            omitted.add(key);
                        }
                    } else if (!SchemaValidator.isFrameworkKey(key) && !key.equals(FILE_KEY)) {
                        written.put(key, ConfigValues.text(value));
                    }
                });
                accounts.add(new AccountConfiguration(accountId.toString(), type.id(), written, omitted));
            }
        }
        accounts.sort(Comparator.comparing(AccountConfiguration::accountId));
        Map<String, Map<String, String>> experimentSettings = new TreeMap<>();
        for (Configuration configuration : configurationsOf(EXPERIMENT_PID)) {
            Map<String, String> written = new TreeMap<>();
            Object experiment = StoredConfigurations.properties(configuration).get("name");
            Map<String, Object> properties = experiment == null ? StoredConfigurations.properties(configuration)
                    : inForce("experiment:" + experiment, configuration, null);
            properties.forEach((key, value) -> {
                if (!SchemaValidator.isFrameworkKey(key) && !key.equals(FILE_KEY) && !key.equals("name")) {
                    written.put(key, ConfigValues.text(value));
                }
            });
            if (experiment != null) {
                experimentSettings.put(experiment.toString(), written);
            }
        }
        return new ConfigurationDocument(ConfigurationDocument.FORMAT, Instant.now(), withSecrets, accounts, experimentSettings);
    }

    private static final String EXPERIMENT_PID = ExperimentService.FACTORY_PID;

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

    /** One account's or experiment's part of an import, checked and ready to apply. */
    private record Step(String key, String factoryPid, String name, Configuration existing, Map<String, Object> properties,
            String action) {
    }

    @Override
    public synchronized ImportPlan importDocument(ConfigurationDocument document, boolean dryRun) {
        if (document.format() != ConfigurationDocument.FORMAT) {
            throw new InvalidConfigurationException("import", List.of(new ConfigurationViolation("format",
                    String.valueOf(document.format()), "this runtime reads format " + ConfigurationDocument.FORMAT)));
        }
        List<ConfigurationViolation> violations = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AccountConfiguration account : document.accounts()) {
            String id = account.accountId();
            if (!seen.add(id)) {
                violations.add(new ConfigurationViolation(id, null, "appears twice in the document"));
                continue;
            }
            Step step = plan(account, violations);
            if (step != null) {
                steps.add(step);
            }
        }
        planExperiments(document, steps, violations);
        if (!violations.isEmpty()) {
            throw new InvalidConfigurationException("import (nothing was changed)", violations);
        }
        Map<String, String> actions = new LinkedHashMap<>();
        steps.forEach(step -> actions.put(step.key(), step.action()));
        if (dryRun) {
            return new ImportPlan(actions, false);
        }
        apply(steps);
        return new ImportPlan(actions, true);
    }

    private Step plan(AccountConfiguration account, List<ConfigurationViolation> violations) {
        String id = account.accountId();
        Optional<BrokerTypeInfo> type = registry.type(account.brokerType());
        if (type.isEmpty()) {
            violations.add(new ConfigurationViolation(id + "/brokerType", account.brokerType(), "is not a registered broker type"));
            return null;
        }
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            violations.add(new ConfigurationViolation(id + "/" + BrokerAdapter.ACCOUNT_ID, id, "is not a valid account id"));
            return null;
        }
        Configuration existing = findConfiguration(id).orElse(null);
        if (existing != null && !type.get().factoryPid().equals(existing.getFactoryPid())) {
            violations.add(new ConfigurationViolation(id + "/brokerType", account.brokerType(), "the account exists with another type ("
                    + existing.getFactoryPid() + ")"));
            return null;
        }
        Map<String, Object> properties = new LinkedHashMap<>(account.properties());
        Object given = properties.put(BrokerAdapter.ACCOUNT_ID, id);
        if (given != null && !given.equals(id)) {
            violations.add(new ConfigurationViolation(id + "/" + BrokerAdapter.ACCOUNT_ID, given.toString(), "differs from the account id " + id));
        }
        Map<String, Object> current = existing == null ? Map.of() : StoredConfigurations.properties(existing);
        for (AttributeSchema attribute : type.get().schema().attributes()) {
            if (attribute.secret() && !properties.containsKey(attribute.id())) {
                // a secret left out of the export keeps the account's current value
                Object kept = current.get(attribute.id());
                if (kept != null) {
                    properties.put(attribute.id(), kept);
                } else if (attribute.required()) {
                    violations.add(new ConfigurationViolation(id + "/" + attribute.id(), null,
                            "is a secret the document leaves out: give it in the document, for example as $[env:NAME]"));
                }
            }
        }
        List<ConfigurationViolation> invalid = validate(type.get().id(), properties);
        for (ConfigurationViolation violation : invalid) {
            violations.add(new ConfigurationViolation(id + "/" + violation.key(), violation.value(), violation.rule()));
        }
        if (!invalid.isEmpty()) {
            // coercing an invalid value ("x" as a number) would throw past the violations that name it
            return null;
        }
        boolean fileBacked = current.containsKey(FILE_KEY);
        Map<String, Object> typed = fileBacked ? properties : SchemaValidator.coerce(type.get().schema(), properties);
        if (fileBacked) {
            typed.put(FILE_KEY, current.get(FILE_KEY));
        }
        String action = existing == null ? "create" : sameText(current, typed) ? "unchanged" : "update";
        return new Step(id, type.get().factoryPid(), id, existing, typed, action);
    }

    /** Experiments after accounts: their arms may be accounts that the same document creates. */
    private void planExperiments(ConfigurationDocument document, List<Step> steps, List<ConfigurationViolation> violations) {
        if (document.experiments().isEmpty()) {
            return;
        }
        ExperimentService service = experiments;
        if (service == null) {
            violations.add(new ConfigurationViolation("experiments", String.join(",", document.experiments().keySet()),
                    "importing experiments needs the multibroker-abtest feature"));
            return;
        }
        Set<String> documentAccounts = new HashSet<>();
        document.accounts().forEach(a -> documentAccounts.add(a.accountId()));
        document.experiments().forEach((name, settings) -> {
            Map<String, Object> given = new LinkedHashMap<>(settings);
            for (ConfigurationViolation violation : service.validate(name, given, documentAccounts)) {
                violations.add(new ConfigurationViolation("experiment:" + name + "/" + violation.key(), violation.value(), violation.rule()));
            }
            Configuration existing = configurationsOf(EXPERIMENT_PID).stream()
                    .filter(c -> name.equals(String.valueOf(StoredConfigurations.properties(c).get("name")))).findFirst().orElse(null);
            Map<String, Object> properties = new LinkedHashMap<>(given);
            properties.put("name", name);
            Map<String, Object> current = existing == null ? Map.of() : StoredConfigurations.properties(existing);
            if (current.containsKey(FILE_KEY)) {
                properties.put(FILE_KEY, current.get(FILE_KEY));
            }
            String action = existing == null ? "create" : sameText(current, properties) ? "unchanged" : "update";
            steps.add(new Step("experiment:" + name, EXPERIMENT_PID, name, existing, properties, action));
        });
    }

    /** Applies every step; if one fails, undoes the ones before it so that nothing is half imported. */
    private void apply(List<Step> steps) {
        List<Runnable> undo = new ArrayList<>();
        for (Step step : steps) {
            try {
                if (step.action().equals("create")) {
                    Configuration created = configAdmin.getFactoryConfiguration(step.factoryPid(), step.name(), "?");
                    sources.nextChangeOf(created.getPid(), "import");
                    created.update(ConfigValues.dictionary(step.properties()));
                    undo.add(() -> quietly(created::delete));
                } else if (step.action().equals("update")) {
                    Dictionary<String, Object> previous = step.existing().getProperties();
                    sources.nextChangeOf(step.existing().getPid(), "import");
                    step.existing().update(ConfigValues.dictionary(step.properties()));
                    undo.add(() -> quietly(() -> step.existing().update(previous)));
                }
            } catch (IOException | RuntimeException e) {
                Collections.reverse(undo);
                undo.forEach(Runnable::run);
                throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "import failed at " + step.key()
                        + " (" + e + "); the accounts changed before it were restored", e);
            }
        }
        LOG.info("imported the configuration of {} account(s)", steps.size());
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void quietly(IoAction action) {
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("could not undo a step of a failed import: {}", e.toString());
        }
    }

    private static boolean sameText(Map<String, Object> current, Map<String, Object> next) {
        Map<String, String> a = new TreeMap<>();
        Map<String, String> b = new TreeMap<>();
        current.forEach((k, v) -> a.put(k, ConfigValues.text(v)));
        next.forEach((k, v) -> b.put(k, ConfigValues.text(v)));
        return a.equals(b);
    }

    private List<Configuration> configurationsOf(String factoryPid) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.factoryPid=" + ConfigValues.escapeFilter(factoryPid) + ")");
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not list the configurations: " + e, e);
        }
    }
}
