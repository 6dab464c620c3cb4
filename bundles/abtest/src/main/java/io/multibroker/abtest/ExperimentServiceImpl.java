package io.multibroker.abtest;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.ConfigurationSources;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentService;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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

/** Experiments as ConfigAdmin factory configurations, validated before they are written. */
@Component(service = ExperimentService.class)
public final class ExperimentServiceImpl implements ExperimentService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> METRICS = Set.of("latency", "slippage", "fill_rate", "reject_rate");
    private static final Set<String> SETTINGS = Set.of("running", "arms", "salt", "instruments", "order.types", "primary.metric", "guardrails",
            "significance.level", "minimum.sample.per.arm", "auto.select", "allocation", "bandit.floor", "promoted", "promoted.at",
            "weights.before.promotion");
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentServiceImpl.class);

    private final ConfigurationAdmin configAdmin;
    private final BrokerRegistry registry;
    private final Map<String, ExperimentComponent> running = new ConcurrentHashMap<>();

    @Activate
    public ExperimentServiceImpl(@Reference ConfigurationAdmin configAdmin, @Reference BrokerRegistry registry) {
        this.configAdmin = configAdmin;
        this.registry = registry;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindExperiment(ExperimentComponent experiment) {
        running.put(experiment.info().name(), experiment);
    }

    void unbindExperiment(ExperimentComponent experiment) {
        running.remove(experiment.info().name(), experiment);
    }

    @Override
    public List<ExperimentInfo> experiments() {
        return running.values().stream().map(ExperimentComponent::info).sorted(Comparator.comparing(ExperimentInfo::name)).toList();
    }

    @Override
    public Optional<ExperimentInfo> experiment(String name) {
        return Optional.ofNullable(running.get(name)).map(ExperimentComponent::info);
    }

    @Override
    public void create(String name, Map<String, Object> settings) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        if (name != null && find(name).isPresent()) {
            violations.add(new ConfigurationViolation("name", name, "an experiment of that name exists"));
        }
        violations.addAll(validate(name, settings, Set.of()));
        if (!violations.isEmpty()) {
            throw new InvalidConfigurationException("experiment " + name, violations);
        }
        write(name, settings);
    }

    @Override
    public List<ConfigurationViolation> validate(String name, Map<String, Object> settings, Set<String> accountsAlsoValid) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            violations.add(new ConfigurationViolation("name", name, "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        settings.keySet().stream().filter(k -> !SETTINGS.contains(k)).forEach(k -> violations.add(
                new ConfigurationViolation(k, String.valueOf(settings.get(k)), "unknown setting (known: " + String.join(", ", SETTINGS) + ")")));
        List<String> arms = values(settings.get("arms"));
        Arms parsed = Arms.parse(arms, violations);
        for (String arm : arms) {
            String account = arm.contains("=") ? arm.substring(0, arm.indexOf('=')).trim() : arm;
            if (registry.account(account).isEmpty() && !accountsAlsoValid.contains(account)) {
                violations.add(new ConfigurationViolation("arms", arm, "no account " + account + " is registered"));
            }
        }
        String metric = String.valueOf(settings.getOrDefault("primary.metric", "latency"));
        if (!METRICS.contains(metric)) {
            violations.add(new ConfigurationViolation("primary.metric", metric, "must be one of " + METRICS));
        }
        values(settings.get("guardrails")).stream().filter(g -> !METRICS.contains(g))
                .forEach(g -> violations.add(new ConfigurationViolation("guardrails", g, "must be one of " + METRICS)));
        values(settings.get("order.types")).forEach(t -> {
            try {
                OrderType.valueOf(t);
            } catch (IllegalArgumentException e) {
                violations.add(new ConfigurationViolation("order.types", t, "must be one of " + Arrays.toString(OrderType.values())));
            }
        });
        String allocation = String.valueOf(settings.getOrDefault("allocation", "fixed"));
        if (!allocation.equals("fixed") && !allocation.equals("thompson")) {
            violations.add(new ConfigurationViolation("allocation", allocation, "must be fixed or thompson"));
        }
        BigDecimal alpha = decimal(settings.getOrDefault("significance.level", "0.05"), "significance.level", violations);
        if (alpha != null && (alpha.compareTo(new BigDecimal("0.0001")) < 0 || alpha.compareTo(new BigDecimal("0.5")) > 0)) {
            violations.add(new ConfigurationViolation("significance.level", alpha.toPlainString(), "must be between 0.0001 and 0.5"));
        }
        BigDecimal floor = decimal(settings.getOrDefault("bandit.floor", "10"), "bandit.floor", violations);
        if (floor != null && (floor.compareTo(new BigDecimal("0.01")) < 0 || floor.multiply(BigDecimal.valueOf(Math.max(1, arms.size())))
                .compareTo(BigDecimal.valueOf(100)) > 0)) {
            violations.add(new ConfigurationViolation("bandit.floor", floor.toPlainString(),
                    "must be at least 0.01 % and at most 100 % divided by the number of arms"));
        }
        Object promoted = settings.get("promoted");
        if (promoted != null && parsed != null && !parsed.basisPoints().containsKey(String.valueOf(promoted))) {
            violations.add(new ConfigurationViolation("promoted", String.valueOf(promoted), "is not an arm of the experiment"));
        }
        Object promotedAt = settings.get("promoted.at");
        if (promotedAt != null) {
            try {
                java.time.Instant.parse(String.valueOf(promotedAt));
            } catch (java.time.format.DateTimeParseException e) {
                violations.add(new ConfigurationViolation("promoted.at", String.valueOf(promotedAt), "must be an ISO-8601 instant"));
            }
        }
        if (promoted != null && (promotedAt == null || settings.get("weights.before.promotion") == null)) {
            violations.add(new ConfigurationViolation("promoted", String.valueOf(promoted),
                    "a promotion also needs promoted.at and weights.before.promotion"));
        }
        BigDecimal minimum = decimal(settings.getOrDefault("minimum.sample.per.arm", "100"), "minimum.sample.per.arm", violations);
        if (minimum != null && (minimum.stripTrailingZeros().scale() > 0 || minimum.compareTo(BigDecimal.valueOf(2)) < 0)) {
            violations.add(new ConfigurationViolation("minimum.sample.per.arm", minimum.toPlainString(), "must be a whole number of at least 2"));
        }
        return violations;
    }

    private void write(String name, Map<String, Object> settings) {
        List<String> arms = values(settings.get("arms"));
        String metric = String.valueOf(settings.getOrDefault("primary.metric", "latency"));
        String allocation = String.valueOf(settings.getOrDefault("allocation", "fixed"));
        BigDecimal alpha = new BigDecimal(String.valueOf(settings.getOrDefault("significance.level", "0.05")).trim());
        BigDecimal minimum = new BigDecimal(String.valueOf(settings.getOrDefault("minimum.sample.per.arm", "100")).trim());
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        properties.put("arms", arms.toArray(String[]::new));
        copyText(settings, "salt", properties);
        copyList(settings, "instruments", properties);
        copyList(settings, "order.types", properties);
        copyList(settings, "guardrails", properties);
        properties.put("primary.metric", metric);
        properties.put("allocation", allocation);
        properties.put("significance.level", alpha.doubleValue());
        properties.put("minimum.sample.per.arm", minimum.intValueExact());
        properties.put("bandit.floor", new BigDecimal(String.valueOf(settings.getOrDefault("bandit.floor", "10")).trim()).doubleValue());
        properties.put("auto.select", Boolean.parseBoolean(String.valueOf(settings.getOrDefault("auto.select", "false"))));
        properties.put("running", Boolean.parseBoolean(String.valueOf(settings.getOrDefault("running", "true"))));
        try {
            Configuration configuration = configAdmin.getFactoryConfiguration(FACTORY_PID, name, "?");
            // without this the history names the change after ConfigAdmin, not after the command that made it
            ConfigurationSources history = sources;
            if (history != null) {
                history.nextChangeOf(configuration.getPid(), "console");
            }
            configuration.update(properties);
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not store experiment " + name + ": " + e, e);
        }
    }

    // an optional service, injected and withdrawn by DS as it comes and goes
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile OutcomeStore outcomes;


    @Override
    public Map<String, Long> recordedOutcomes(String name, boolean overrides) {
        OutcomeStore store = outcomes;
        if (store == null) {
            throw new StandardBrokerError(ErrorCode.BROKER_UNAVAILABLE, "the experiment outcome store is not available");
        }
        try {
            ExperimentComponent experiment = running.get(name);
            // a known experiment's counts come from its tally (a GROUP BY over a million rows took 2-3 s)
            return experiment == null ? store.countsByArm(name, overrides)
                    : store.withTally(experiment.info(), tally -> tally.recorded(overrides));
        } catch (java.sql.SQLException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not read the outcomes of " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public io.multibroker.api.routing.ExperimentReport report(String name) {
        ExperimentComponent experiment = running.get(name);
        if (experiment == null) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "no experiment named " + name);
        }
        OutcomeStore store = outcomes;
        if (store == null) {
            throw new StandardBrokerError(ErrorCode.BROKER_UNAVAILABLE, "the experiment outcome store is not available");
        }
        try {
            ExperimentInfo info = experiment.info();
            return store.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally));
        } catch (java.sql.SQLException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not read the outcomes of " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void promote(String name, String arm, String reason) {
        Configuration configuration = require(name);
        Dictionary<String, Object> properties = configuration.getProperties();
        List<ConfigurationViolation> violations = new ArrayList<>();
        Arms arms = Arms.parse(values(properties.get("arms")), violations);
        if (arms == null) {
            throw new InvalidConfigurationException("experiment " + name, violations);
        }
        if (!arms.basisPoints().containsKey(arm)) {
            throw new InvalidConfigurationException("experiment " + name, List.of(new ConfigurationViolation("arm", arm,
                    "is not an arm of the experiment (arms: " + String.join(", ", arms.accounts()) + ")")));
        }
        if (arm.equals(properties.get("promoted"))) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "experiment " + name + " has already promoted " + arm);
        }
        Map<String, Integer> promoted = new LinkedHashMap<>();
        arms.accounts().forEach(account -> promoted.put(account, account.equals(arm) ? Arms.TOTAL_BASIS_POINTS : 0));
        if (properties.get("weights.before.promotion") == null) {
            properties.put("weights.before.promotion", Arms.entries(arms.basisPoints()).toArray(String[]::new));
        }
        properties.put("arms", Arms.entries(promoted).toArray(String[]::new));
        properties.put("promoted", arm);
        properties.put("promoted.at", java.time.Instant.now().toString());
        ConfigurationSources history = sources;
        if (history != null) {
            history.nextChangeOf(configuration.getPid(), "promotion");
        }
        try {
            configuration.update(properties);
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not promote " + arm + " in experiment " + name + ": " + e, e);
        }
        LOG.info("experiment {}: {} promoted to 100 %: {}", name, arm, reason);
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(TOPIC_PROMOTED, Map.of("experiment", name, "arm", arm, "reason", reason)));
        }
    }

    @Override
    public Map<String, Integer> allocation(String name) {
        ExperimentComponent experiment = running.get(name);
        if (experiment == null) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "no experiment named " + name);
        }
        return experiment.allocation();
    }

    // an optional service, injected and withdrawn by DS as it comes and goes
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;
    // an optional service, injected and withdrawn by DS as it comes and goes
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationSources sources;



    @Override
    public void stop(String name) {
        Configuration configuration = require(name);
        try {
            var properties = configuration.getProperties();
            properties.put("running", Boolean.FALSE);
            configuration.update(properties);
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not stop experiment " + name + ": " + e, e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            require(name).delete();
            OutcomeStore store = outcomes;
            if (store != null) {
                // the outcomes stay in the database; only their running tally is let go
                store.forget(name);
            }
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not delete experiment " + name + ": " + e, e);
        }
    }

    private Configuration require(String name) {
        return find(name).orElseThrow(() -> new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "no experiment named " + name));
    }

    private Optional<Configuration> find(String name) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(&(service.factoryPid=" + FACTORY_PID + ")(name="
                    + name.replaceAll("([\\\\*()])", "\\\\$1") + "))");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (IOException | InvalidSyntaxException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not search the experiments: " + e, e);
        }
    }

    private static List<String> values(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String[] array) {
            return ExperimentComponent.list(array);
        }
        if (value instanceof Collection<?> collection) {
            return ExperimentComponent.list(collection.stream().map(String::valueOf).toArray(String[]::new));
        }
        return ExperimentComponent.list(new String[] {String.valueOf(value)});
    }

    private static BigDecimal decimal(Object value, String key, List<ConfigurationViolation> violations) {
        try {
            return new BigDecimal(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            violations.add(new ConfigurationViolation(key, String.valueOf(value), "must be a number"));
            return null;
        }
    }

    private static void copyText(Map<String, Object> settings, String key, Hashtable<String, Object> properties) {
        Object value = settings.get(key);
        if (value != null && !String.valueOf(value).isBlank()) {
            properties.put(key, String.valueOf(value).trim());
        }
    }

    private static void copyList(Map<String, Object> settings, String key, Hashtable<String, Object> properties) {
        List<String> values = values(settings.get(key));
        if (!values.isEmpty()) {
            properties.put(key, values.toArray(String[]::new));
        }
    }
}
