package io.multibroker.api.routing;

import io.multibroker.api.model.UnifiedOrder;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The entry point for placing orders: chooses an account by the requested strategy among the
 * accounts that can take the order, places it through the registry's metered handle and records
 * the outcome. An order that no eligible account can take is REJECTED before any broker call, with
 * an error that names the missing capability.
 */
@ProviderType
public interface OrderRouter {

    CompletionStage<RoutedOrderResult> submit(UnifiedOrder order, RoutingRequest routing);
}
