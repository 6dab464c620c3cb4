package io.multibroker.http;

import java.util.Optional;

/**
 * Finds an order the runtime already has by its client order id: what makes a retried placement answer the first
 * order instead of placing a second one.
 */
public interface OrderLookup {

    /**
     * The order with this client order id, looked for at the preferred account first (when one is given) and then at
     * every account; empty when no account has it.
     */
    Optional<OrderView> find(String clientOrderId, String preferredAccount);
}
