package io.multibroker.abtest;

import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.Threads;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the experiments every few seconds: brings each one's outcome tally up to date and, when there are
 * new outcomes, sets the split of a bandit ({@code allocation = thompson}) from them, and promotes the winner
 * of an experiment with {@code auto.select} once its report names one, which it does only when the primary
 * metric is significant by the sequential rule, no guardrail is breached and the sample ratio check is clean.
 */
@Component(configurationPid = ExperimentSupervisor.PID)
@Designate(ocd = SupervisorConfig.class)
public final class ExperimentSupervisor {

    static final String PID = "io.multibroker.abtest.supervisor";
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentSupervisor.class);

    private final ExperimentService service;
    private final OutcomeStore store;
    /** What the last look at each experiment saw: the id of its last outcome and its configuration revision. */
    private record Seen(long outcomesFolded, int revision) {
    }

    private final Map<ExperimentComponent, Seen> outcomesSeen = new ConcurrentHashMap<>();
    private final UniformRandomProvider random = new SplittableRandom()::nextLong;
    private final ScheduledExecutorService scheduler;

    @Activate
    public ExperimentSupervisor(SupervisorConfig config, @Reference ExperimentService service, @Reference OutcomeStore store) {
        this(service, store);
        scheduler.scheduleWithFixedDelay(this::superviseAll, config.interval_seconds(), config.interval_seconds(), TimeUnit.SECONDS);
    }

    ExperimentSupervisor(ExperimentService service, OutcomeStore store) {
        this.service = service;
        this.store = store;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemon("multibroker-experiment-supervisor"));
    }

    /** Execution quality, when its bundle runs: what automatic selection on its metrics reads. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExecutionQuality quality;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindExperiment(ExperimentComponent experiment) {
        outcomesSeen.put(experiment, new Seen(-1, -1));
    }

    void unbindExperiment(ExperimentComponent experiment) {
        outcomesSeen.remove(experiment);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    void superviseAll() {
        for (ExperimentComponent experiment : outcomesSeen.keySet()) {
            try {
                supervise(experiment);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("experiment {}: could not look at its outcomes: {}", experiment.info().name(), e.toString());
            }
        }
    }

    /** One look at one experiment; does nothing when it has no new outcomes since the last look. */
    void supervise(ExperimentComponent experiment) throws SQLException {
        ExperimentInfo info = experiment.info();
        boolean bandit = experiment.banditAllocated();
        boolean select = info.autoSelect() && !info.promoted() && info.running();
        // a verdict on an execution-quality metric needs the fills (read before the tally's lock is taken)
        QualitySamples fills = select && info.primary().executionQuality() ? QualitySamples.read(quality, info) : QualitySamples.NONE;
        // every experiment's tally is brought up to date, so that a report (the first after a start above all)
        // finds little to read
        ExperimentReport report = store.withTally(info, tally -> {
            Seen now = new Seen(tally.folded(), experiment.revision());
            Seen before = outcomesSeen.replace(experiment, now);
            if (before == null || before.equals(now) || !bandit && !select) {
                return null;
            }
            if (bandit) {
                Map<String, Integer> allocation = ThompsonAllocation.allocate(experiment.armOrder(), tally, info.primary(),
                        info.banditFloorBasisPoints(), random);
                if (allocation != null && !allocation.equals(experiment.allocation())) {
                    experiment.allocate(allocation);
                    LOG.debug("experiment {}: bandit allocation {}", info.name(), allocation);
                }
            }
            return select ? ExperimentAnalysis.analyse(info, tally, fills) : null;
        });
        if (report != null && report.winner() != null) {
            service.promote(info.name(), report.winner(), "automatic selection: " + evidence(info, report));
        }
    }

    /** The evidence of a verdict in one line: the primary metric's tests, the sample ratio check, the sample. */
    static String evidence(ExperimentInfo info, ExperimentReport report) {
        StringBuilder text = new StringBuilder(report.verdict());
        for (ExperimentReport.MetricTest test : report.tests()) {
            if (test.metric().equals(info.primaryMetric()) && !test.test().equals("Mann-Whitney U")) {
                text.append(String.format(Locale.ROOT, "; %s %s - %s = %.4g [%.4g, %.4g], %s p = %.3g (Holm %.3g)", test.metric(),
                        test.arm(), test.baseline(), test.difference(), test.lower(), test.upper(), test.test(), test.pValue(),
                        test.adjustedPValue()));
            }
        }
        text.append(String.format(Locale.ROOT, "; sample ratio p = %.3g", report.sampleRatioPValue()));
        report.arms().forEach(arm -> text.append("; ").append(arm.arm()).append(" n = ").append(arm.orders()));
        return text.toString();
    }
}
