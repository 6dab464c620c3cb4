package io.multibroker.api.routing;

import io.multibroker.api.model.OrderResult;

/**
 * An order's result with the decision that routed it.
 *
 * @param result what became of the order
 * @param accountId the account that took it (null if no account could)
 * @param strategy the strategy that decided
 * @param experiment the experiment, or null
 * @param arm the experiment arm, or null
 * @param override true when the experiment's assigned arm could not take the order and another eligible arm did
 */
public record RoutedOrderResult(OrderResult result, String accountId, RoutingStrategy strategy, String experiment,
        String arm, boolean override) {
}
