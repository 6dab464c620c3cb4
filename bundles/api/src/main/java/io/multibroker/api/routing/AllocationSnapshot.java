package io.multibroker.api.routing;

import java.time.Instant;
import java.util.Map;

/**
 * The split of an experiment's new orders as it stood from a moment on: how a bandit moved it over time.
 *
 * @param at when this split came into force
 * @param basisPoints each arm's share in basis points, summing to 10,000
 * @param source {@code configured} (the weights of the configuration) or {@code bandit} (set from the outcomes)
 */
public record AllocationSnapshot(Instant at, Map<String, Integer> basisPoints, String source) {
}
