package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.config.AccountConfiguration;
import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationSources;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.ImportPlan;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.config.KindConfiguration;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.ConfigValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.osgi.service.cm.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import of a configuration document: every configuration in it is checked by its kind's schema and rules (accounts
 * by their broker type, experiments with the document's accounts as possible arms, every other kind looked up by its
 * id), and only when all of them are valid is any written, all or nothing.
 */
final class ConfigurationImport {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationImport.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String FILE_KEY = StoredConfigurations.FILE_KEY;
    private static final String EXPERIMENT_PID = ExperimentService.FACTORY_PID;
    private static final String EXPERIMENT_NAME = "name";

    private final StoredConfigurations stored;
    private final BrokerRegistry registry;
    private final ConfigurationKinds kinds;
    private final ConfigurationSources sources;
    private final ExperimentService experiments;
    private final List<ConfigurationKind> otherKinds;

    /**
     * @param experiments checks experiments (null without the A/B feature: a document with experiments is then refused)
     * @param otherKinds the kinds imported from the document's settings
     */
    ConfigurationImport(StoredConfigurations stored, BrokerRegistry registry, ConfigurationKinds kinds, ConfigurationSources sources,
            ExperimentService experiments, List<ConfigurationKind> otherKinds) {
        this.stored = stored;
        this.registry = registry;
        this.kinds = kinds;
        this.sources = sources;
        this.experiments = experiments;
        this.otherKinds = otherKinds;
    }

    /**
     * One configuration's part of an import, checked and ready to apply: a factory configuration ({@code factoryPid} and
     * {@code name}) or a singleton ({@code pid}).
     */
    private record Step(String key, String factoryPid, String pid, String name, Configuration existing, Map<String, Object> properties,
            String action) {
    }

    ImportPlan run(ConfigurationDocument document, boolean dryRun) {
        if (document.format() != ConfigurationDocument.FORMAT && document.format() != ConfigurationDocument.FORMAT_ACCOUNTS_AND_EXPERIMENTS) {
            throw new InvalidConfigurationException("import", List.of(new ConfigurationViolation("format",
                    String.valueOf(document.format()), "this runtime reads formats " + ConfigurationDocument.FORMAT_ACCOUNTS_AND_EXPERIMENTS
                            + " and " + ConfigurationDocument.FORMAT)));
        }
        List<ConfigurationViolation> violations = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AccountConfiguration account : document.accounts()) {
            if (!seen.add(account.accountId())) {
                violations.add(new ConfigurationViolation(account.accountId(), null, "appears twice in the document"));
                continue;
            }
            planAccount(account, violations).ifPresent(steps::add);
        }
        planSettings(document.settings(), steps, violations);
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

    private Optional<Step> planAccount(AccountConfiguration account, List<ConfigurationViolation> violations) {
        String id = account.accountId();
        Optional<BrokerTypeInfo> type = registry.type(account.brokerType());
        if (type.isEmpty()) {
            violations.add(new ConfigurationViolation(id + "/brokerType", account.brokerType(), "is not a registered broker type"));
            return Optional.empty();
        }
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            violations.add(new ConfigurationViolation(id + "/" + BrokerAdapter.ACCOUNT_ID, id, "is not a valid account id"));
            return Optional.empty();
        }
        Configuration existing = accountConfiguration(id).orElse(null);
        if (existing != null && !type.get().factoryPid().equals(existing.getFactoryPid())) {
            violations.add(new ConfigurationViolation(id + "/brokerType", account.brokerType(), "the account exists with another type ("
                    + existing.getFactoryPid() + ")"));
            return Optional.empty();
        }
        Map<String, Object> properties = new LinkedHashMap<>(account.properties());
        Object given = properties.put(BrokerAdapter.ACCOUNT_ID, id);
        if (given != null && !given.equals(id)) {
            violations.add(new ConfigurationViolation(id + "/" + BrokerAdapter.ACCOUNT_ID, given.toString(), "differs from the account id " + id));
        }
        return checked(id, id, type.get().factoryPid(), null, id, existing, type.get().schema(), properties, violations);
    }

    /** Every other kind, looked up by its id: a kind is imported by the same rules as it is validated everywhere else. */
    private void planSettings(List<KindConfiguration> settings, List<Step> steps, List<ConfigurationViolation> violations) {
        Map<String, ConfigurationKind> byId = otherKinds.stream().collect(Collectors.toMap(ConfigurationKind::id, kind -> kind));
        Set<String> seen = new HashSet<>();
        for (KindConfiguration given : settings) {
            String owner = given.kind() + ":" + (given.name() == null ? "" : given.name());
            ConfigurationKind kind = byId.get(given.kind());
            if (kind == null) {
                violations.add(new ConfigurationViolation(owner + "/kind", given.kind(), "is not a registered kind of configuration here"
                        + " (accounts and experiments have sections of their own; registered: " + String.join(", ", new TreeMap<>(byId).keySet()) + ")"));
                continue;
            }
            if (kind.factory() == (given.name() == null)) {
                violations.add(new ConfigurationViolation(owner + "/name", given.name(), kind.factory()
                        ? "is required: it names one configuration of " + kind.id() + " (its " + kind.nameKey() + ")"
                        : "must be absent: " + kind.id() + " is a single configuration"));
                continue;
            }
            if (!seen.add(owner)) {
                violations.add(new ConfigurationViolation(owner, null, "appears twice in the document"));
                continue;
            }
            Optional<ConfigurationSchema> schema = kinds.schema(kind.pid());
            if (schema.isEmpty()) {
                violations.add(new ConfigurationViolation(owner + "/kind", given.kind(), "has no Metatype schema registered"));
                continue;
            }
            Map<String, Object> properties = new LinkedHashMap<>(given.properties());
            Configuration existing;
            if (kind.factory()) {
                Object named = properties.put(kind.nameKey(), given.name());
                if (named != null && !named.equals(given.name())) {
                    violations.add(new ConfigurationViolation(owner + "/" + kind.nameKey(), named.toString(), "differs from the name " + given.name()));
                }
                existing = stored.named(kind, given.name()).orElse(null);
            } else {
                existing = stored.byPid(kind.pid()).orElse(null);
            }
            checked(owner, kind.subject(given.name()), kind.factory() ? kind.pid() : null, kind.factory() ? null : kind.pid(),
                    given.name(), existing, schema.get(), properties, violations).ifPresent(steps::add);
        }
    }

    /**
     * A configuration validated by its kind's schema and rules, its left-out secrets kept from the current one, typed as the
     * schema says (or kept as text for a file-backed one, so that the file stays as an operator wrote it).
     */
    private Optional<Step> checked(String owner, String key, String factoryPid, String pid, String name, Configuration existing,
            ConfigurationSchema schema, Map<String, Object> properties, List<ConfigurationViolation> violations) {
        Map<String, Object> current = existing == null ? Map.of() : StoredConfigurations.properties(existing);
        for (AttributeSchema attribute : schema.attributes()) {
            if (attribute.secret() && !properties.containsKey(attribute.id())) {
                // a secret left out of the export keeps the current value
                Object kept = current.get(attribute.id());
                if (kept != null) {
                    properties.put(attribute.id(), kept);
                } else if (attribute.required()) {
                    violations.add(new ConfigurationViolation(owner + "/" + attribute.id(), null,
                            "is a secret the document leaves out: give it in the document, for example as $[env:NAME]"));
                }
            }
        }
        List<ConfigurationViolation> invalid = kinds.validate(factoryPid != null ? factoryPid : pid, properties);
        for (ConfigurationViolation violation : invalid) {
            violations.add(new ConfigurationViolation(owner + "/" + violation.key(), violation.value(), violation.rule()));
        }
        if (!invalid.isEmpty()) {
            // coercing an invalid value ("x" as a number) would throw past the violations that name it
            return Optional.empty();
        }
        boolean fileBacked = current.containsKey(FILE_KEY);
        Map<String, Object> typed = fileBacked ? properties : SchemaValidator.coerce(schema, properties);
        if (fileBacked) {
            typed.put(FILE_KEY, current.get(FILE_KEY));
        }
        String action = existing == null ? "create" : sameText(current, typed) ? "unchanged" : "update";
        return Optional.of(new Step(key, factoryPid, pid, name, existing, typed, action));
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
            Configuration existing = stored.ofFactory(EXPERIMENT_PID).stream()
                    .filter(c -> name.equals(String.valueOf(StoredConfigurations.properties(c).get(EXPERIMENT_NAME)))).findFirst().orElse(null);
            Map<String, Object> properties = new LinkedHashMap<>(given);
            properties.put(EXPERIMENT_NAME, name);
            Map<String, Object> current = existing == null ? Map.of() : StoredConfigurations.properties(existing);
            if (current.containsKey(FILE_KEY)) {
                properties.put(FILE_KEY, current.get(FILE_KEY));
            }
            String action = existing == null ? "create" : sameText(current, properties) ? "unchanged" : "update";
            steps.add(new Step("experiment:" + name, EXPERIMENT_PID, null, name, existing, properties, action));
        });
    }

    /** Applies every step; if one fails, undoes the ones before it so that nothing is half imported. */
    private void apply(List<Step> steps) {
        List<Runnable> undo = new ArrayList<>();
        for (Step step : steps) {
            try {
                if (step.action().equals("create")) {
                    // "?" binds the configuration to no single bundle, so that a redeployed bundle picks it up again
                    Configuration created = step.factoryPid() != null ? stored.admin().getFactoryConfiguration(step.factoryPid(), step.name(), "?")
                            : stored.admin().getConfiguration(step.pid(), "?");
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
                        + " (" + e + "); the configurations changed before it were restored", e);
            }
        }
        LOG.info("imported {} configuration(s)", steps.size());
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

    /** An account's own configuration: of a broker type's factory PID (other kinds name accounts too). */
    private Optional<Configuration> accountConfiguration(String accountId) {
        for (BrokerTypeInfo type : registry.types()) {
            for (Configuration configuration : stored.ofFactory(type.factoryPid())) {
                if (accountId.equals(String.valueOf(StoredConfigurations.properties(configuration).get(BrokerAdapter.ACCOUNT_ID)))) {
                    return Optional.of(configuration);
                }
            }
        }
        return Optional.empty();
    }
}
