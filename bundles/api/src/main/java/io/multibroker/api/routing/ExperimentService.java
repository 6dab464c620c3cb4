package io.multibroker.api.routing;

import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Experiments, each a ConfigAdmin factory configuration of {@code io.multibroker.abtest.experiment}.
 * Changes are validated first (arms that exist and weights that sum to exactly 100 %), naming every
 * violation, and change nothing when invalid.
 */
@ProviderType
public interface ExperimentService {

    String FACTORY_PID = "io.multibroker.abtest.experiment";

    /** Event published when an arm is promoted; properties {@code experiment}, {@code arm}, {@code reason}, {@code automatic}. */
    String TOPIC_PROMOTED = "io/multibroker/experiment/PROMOTED";

    List<ExperimentInfo> experiments();

    Optional<ExperimentInfo> experiment(String name);

    /** Creates an experiment from settings named as in its schema ({@code arms}, {@code salt}, ...). */
    void create(String name, Map<String, Object> settings);

    /**
     * The violations of these settings; empty when valid. Arms must be registered accounts or among
     * {@code accountsAlsoValid} (accounts about to be created with them, as in an import).
     */
    List<ConfigurationViolation> validate(String name, Map<String, Object> settings,
            Set<String> accountsAlsoValid);

    /** Stops routing to the experiment; its configuration and outcomes are kept. */
    void stop(String name);

    void delete(String name);

    /**
     * Experiment outcomes handed to the outcome store and not yet committed: the store's lag, 0 while it keeps up (and
     * while there is no store, since nothing can then be queued for it).
     */
    int outcomeBacklog();

    /**
     * How many routed orders of the experiment have their outcome recorded, by arm: the main comparison
     * ({@code overrides} false) or the orders whose assigned arm could not take them ({@code overrides} true).
     */
    Map<String, Long> recordedOutcomes(String name, boolean overrides);

    /**
     * Promotes an arm: its weight becomes 100 % and every other arm's 0 %, written through the configuration
     * (so the change is versioned like any other), with the weights before it kept. An event
     * ({@link #TOPIC_PROMOTED}) is published and the decision logged with its reason.
     *
     * @param reason why, in words: the evidence of an automatic selection, or who promoted it by hand
     */
    void promote(String name, String arm, String reason);

    /**
     * The share of new orders each arm gets now, in basis points: the configured weights, or the
     * bandit's current allocation for the {@code thompson} allocation.
     */
    Map<String, Integer> allocation(String name);

    /** The experiment's report: per-arm figures, tests, the sample ratio check, and the verdict. */
    ExperimentReport report(String name);

    /**
     * Each arm's latency distribution over the orders of its main comparison (the report's figures, drawn whole).
     *
     * @since 1.3
     */
    default LatencyDistribution latencyDistribution(String name) {
        throw new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "no latency distributions");
    }

    /**
     * Which of its sequential looks the experiment has reached and how much of its significance level is spent.
     *
     * @since 1.3
     */
    default SequentialLooks sequentialLooks(String name) {
        throw new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "no sequential looks");
    }

    /**
     * The splits of new orders since the experiment started in this runtime, oldest first: the configured weights, then
     * each change a bandit made (bounded: at most one kept per minute, over the last day).
     *
     * @since 1.3
     */
    default List<AllocationSnapshot> allocationHistory(String name) {
        throw new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "no allocation history");
    }
}
