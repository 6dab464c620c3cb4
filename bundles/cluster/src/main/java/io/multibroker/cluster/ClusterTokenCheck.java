package io.multibroker.cluster;

import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.cluster.ClusterCredential;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits the cluster's token at this runtime's HTTP API (with the trader role, which the API grants), so that the other
 * runtimes can forward orders for the accounts this one drives. Present only where runtimes share a database (it needs
 * the account ownership); a token that is missing or unusable admits nothing, and the log says why.
 */
@Component(service = ClusterCredential.class, configurationPid = AccountLeases.PID)
public final class ClusterTokenCheck implements ClusterCredential {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTokenCheck.class);

    private final ClusterToken token;

    /** @param ownership only there where runtimes share a database: no cluster, no credential to admit */
    @Activate
    public ClusterTokenCheck(ClusterConfig config, @Reference AccountOwnership ownership) {
        this(ClusterToken.of(config.cluster_token()));
    }

    ClusterTokenCheck(ClusterToken token) {
        this.token = token;
        token.problem().ifPresent(problem -> {
            if (token.given()) {
                LOG.error("orders forwarded by the other runtimes are not admitted here: {}", problem);
            } else {
                LOG.warn("orders forwarded by other runtimes are not admitted here: {}", problem);
            }
        });
    }

    @Override
    public boolean admits(String presented) {
        return token.matches(presented);
    }
}
