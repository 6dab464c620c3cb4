package io.multibroker.api.routing;

import java.util.Objects;

/**
 * How to choose the account for an order.
 *
 * @param strategy the strategy
 * @param accountId the account for EXPLICIT and FAILOVER; null otherwise
 * @param experiment the experiment name for EXPERIMENT; null otherwise
 */
public record RoutingRequest(RoutingStrategy strategy, String accountId, String experiment) {

    public RoutingRequest {
        Objects.requireNonNull(strategy, "strategy");
        if ((strategy == RoutingStrategy.EXPLICIT || strategy == RoutingStrategy.FAILOVER) && accountId == null) {
            throw new IllegalArgumentException(strategy + " routing needs an account");
        }
        if (strategy == RoutingStrategy.EXPERIMENT && experiment == null) {
            throw new IllegalArgumentException("EXPERIMENT routing needs an experiment name");
        }
    }

    public static RoutingRequest explicit(String accountId) {
        return new RoutingRequest(RoutingStrategy.EXPLICIT, accountId, null);
    }

    public static RoutingRequest experiment(String name) {
        return new RoutingRequest(RoutingStrategy.EXPERIMENT, null, name);
    }

    public static RoutingRequest of(RoutingStrategy strategy) {
        return new RoutingRequest(strategy, null, null);
    }
}
