package io.multibroker.api.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Experiments, each a ConfigAdmin factory configuration of {@code io.multibroker.abtest.experiment}.
 * Changes are validated first (arms that exist and weights that sum to exactly 100 %), naming every
 * violation, and change nothing when invalid.
 */
@ProviderType
public interface ExperimentService {

    String FACTORY_PID = "io.multibroker.abtest.experiment";

    List<ExperimentInfo> experiments();

    Optional<ExperimentInfo> experiment(String name);

    /** Creates an experiment from settings named as in its schema ({@code arms}, {@code salt}, ...). */
    void create(String name, Map<String, Object> settings);

    /**
     * The violations of these settings; empty when valid. Arms must be registered accounts or among
     * {@code accountsAlsoValid} (accounts about to be created with them, as in an import).
     */
    List<io.multibroker.api.config.ConfigurationViolation> validate(String name, Map<String, Object> settings,
            java.util.Set<String> accountsAlsoValid);

    /** Stops routing to the experiment; its configuration and outcomes are kept. */
    void stop(String name);

    void delete(String name);

    /**
     * How many routed orders of the experiment have their outcome recorded, by arm: the main comparison
     * ({@code overrides} false) or the orders whose assigned arm could not take them ({@code overrides} true).
     */
    Map<String, Long> recordedOutcomes(String name, boolean overrides);

    /** The experiment's report: per-arm figures, tests, the sample ratio check, and the verdict. */
    ExperimentReport report(String name);
}
