package io.multibroker.abtest;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationSources;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.routing.AllocationSnapshot;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.LatencyDistribution;
import io.multibroker.api.routing.LatencyDistribution.ArmLatency;
import io.multibroker.api.routing.SequentialLooks;
import io.multibroker.api.support.ConfigValues;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
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

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentServiceImpl.class);

    private final ConfigurationAdmin configAdmin;
    private final BrokerRegistry registry;
    private final ConfigurationKinds kinds;
    private final Map<String, ExperimentComponent> running = new ConcurrentHashMap<>();

    @Activate
    public ExperimentServiceImpl(@Reference ConfigurationAdmin configAdmin, @Reference BrokerRegistry registry,
            @Reference ConfigurationKinds kinds) {
        this.configAdmin = configAdmin;
        this.registry = registry;
        this.kinds = kinds;
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

    /**
     * The experiment kind's schema and rules ({@link ExperimentConfig}, {@link ExperimentKind}), checked by the validator
     * every kind of configuration shares; then that each arm is a registered account or one of {@code accountsAlsoValid}.
     */
    @Override
    public List<ConfigurationViolation> validate(String name, Map<String, Object> settings, Set<String> accountsAlsoValid) {
        List<ConfigurationViolation> violations = new ArrayList<>(kinds.validate(FACTORY_PID, named(name, settings)));
        for (String arm : ConfigValues.list(settings.get("arms"))) {
            String account = arm.contains("=") ? arm.substring(0, arm.indexOf('=')).trim() : arm;
            if (registry.account(account).isEmpty() && !accountsAlsoValid.contains(account)) {
                violations.add(new ConfigurationViolation("arms", arm, "no account " + account + " is registered"));
            }
        }
        for (String shadow : ConfigValues.list(settings.get("shadows"))) {
            if (registry.account(shadow).isEmpty() && !accountsAlsoValid.contains(shadow)) {
                violations.add(new ConfigurationViolation("shadows", shadow, "no account " + shadow + " is registered"));
            }
        }
        return violations;
    }

    /** The settings with the name, blank texts and empty lists left out (they mean "not set"). */
    private static Map<String, Object> named(String name, Map<String, Object> settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (value != null && !ConfigValues.list(value).isEmpty()) {
                properties.put(key, value);
            }
        });
        if (name != null) {
            properties.put(ExperimentKind.NAME, name);
        }
        return properties;
    }

    /** Written as the schema types them, with its defaults for what is not given. */
    private void write(String name, Map<String, Object> settings) {
        try {
            Configuration configuration = configAdmin.getFactoryConfiguration(FACTORY_PID, name, "?");
            // without this the history names the change after ConfigAdmin, not after the command that made it
            ConfigurationSources history = sources;
            if (history != null) {
                history.nextChangeOf(configuration.getPid(), "console");
            }
            configuration.update(ConfigValues.dictionary(kinds.typed(FACTORY_PID, named(name, settings))));
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not store experiment " + name + ": " + e, e);
        }
    }

    // an optional service, injected and withdrawn by DS as it comes and goes
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile OutcomeStore outcomes;

    /** Execution quality, when its bundle runs: the report then compares the arms' fills too. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExecutionQuality quality;

    @Override
    public int outcomeBacklog() {
        OutcomeStore store = outcomes;
        return store == null ? 0 : store.backlog();
    }


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
        } catch (SQLException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not read the outcomes of " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ExperimentReport report(String name) {
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
            QualitySamples fills = QualitySamples.read(quality, info);
            return store.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally, fills));
        } catch (SQLException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not read the outcomes of " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LatencyDistribution latencyDistribution(String name) {
        return readTally(name, (info, tally) -> new LatencyDistribution(info.name(), info.armBasisPoints().keySet().stream()
                .map(arm -> new ArmLatency(arm, tally.arm(arm).now().orders(), LatencyCdf.points(tally.arm(arm).latencyMicros())))
                .toList()));
    }

    @Override
    public SequentialLooks sequentialLooks(String name) {
        return readTally(name, LookProgress::of);
    }

    @Override
    public List<AllocationSnapshot> allocationHistory(String name) {
        return requireRunning(name).allocationHistory();
    }

    /** Reads the running experiment's tally, brought up to date, under the store's lock. */
    private <T> T readTally(String name, BiFunction<ExperimentInfo, OutcomeTally, T> reader) {
        ExperimentInfo info = requireRunning(name).info();
        OutcomeStore store = outcomes;
        if (store == null) {
            throw new StandardBrokerError(ErrorCode.BROKER_UNAVAILABLE, "the experiment outcome store is not available");
        }
        try {
            return store.withTally(info, tally -> reader.apply(info, tally));
        } catch (SQLException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not read the outcomes of " + name + ": " + e.getMessage(), e);
        }
    }

    private ExperimentComponent requireRunning(String name) {
        ExperimentComponent experiment = running.get(name);
        if (experiment == null) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "no experiment named " + name);
        }
        return experiment;
    }

    @Override
    public void promote(String name, String arm, String reason) {
        Configuration configuration = require(name);
        Dictionary<String, Object> properties = configuration.getProperties();
        List<ConfigurationViolation> violations = new ArrayList<>();
        Arms arms = Arms.parse(ConfigValues.list(properties.get("arms")), violations);
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
        properties.put("promoted.at", Instant.now().toString());
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
}
