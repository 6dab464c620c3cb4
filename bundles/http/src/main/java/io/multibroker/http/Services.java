package io.multibroker.http;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.cluster.ClusterCredential;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import java.util.Optional;

/**
 * The runtime's services as the routes reach them. The registry is always there; the others come and go with their
 * bundles, and a route that needs one that is gone answers 503 naming it.
 */
public interface Services {

    BrokerRegistry registry();

    Optional<OrderRouter> router();

    Optional<ExperimentService> experiments();

    Optional<OrderJournal> journal();

    Optional<ConfigurationHistory> history();

    Optional<RiskControl> risk();

    /** Execution quality, when its bundle runs (since the quality routes; none by default). */
    default Optional<ExecutionQuality> quality() {
        return Optional.empty();
    }

    /** Which runtime drives each account, where runtimes share a database; none for a runtime alone. */
    default Optional<AccountOwnership> ownership() {
        return Optional.empty();
    }

    /** The credential the other runtimes present when they forward an order, where runtimes share a database. */
    default Optional<ClusterCredential> clusterCredential() {
        return Optional.empty();
    }

    default ExecutionQuality requireQuality() {
        return quality().orElseThrow(() -> ApiException.unavailable("execution quality is not running (feature multibroker-quality)"));
    }

    default OrderRouter requireRouter() {
        return router().orElseThrow(() -> ApiException.unavailable("the order router is not running (feature multibroker-abtest)"));
    }

    default ExperimentService requireExperiments() {
        return experiments().orElseThrow(() -> ApiException.unavailable("the experiment service is not running (feature multibroker-abtest)"));
    }

    default OrderJournal requireJournal() {
        return journal().orElseThrow(() -> ApiException.unavailable("the order journal is not running (feature multibroker-journal)"));
    }

    default RiskControl requireRisk() {
        return risk().orElseThrow(() -> ApiException.unavailable("the risk layer is not running (feature multibroker-risk)"));
    }

    default ConfigurationHistory requireHistory() {
        return history().orElseThrow(() -> ApiException.unavailable("the configuration history is not running (feature multibroker-core)"));
    }
}
