package io.multibroker.api.routing;

public enum RoutingStrategy {
    /** The account named in the request. */
    EXPLICIT,
    /** Any account that can take the order (the first eligible one by id). */
    CAPABILITY,
    /** The arm of the named experiment that the order's client order id hashes to. */
    EXPERIMENT,
    /** The eligible account with the lowest recent order latency. */
    LOWEST_LATENCY,
    /** The named account, or the next eligible one when it is down. */
    FAILOVER
}
