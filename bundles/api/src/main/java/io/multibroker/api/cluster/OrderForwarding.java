package io.multibroker.api.cluster;

import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Orders for an account that another runtime drives, sent to that runtime's HTTP API instead of being refused, when the
 * runtimes sharing a database forward orders. The owner runs the order's pre-trade risk check, journals it and sends it;
 * its answer is the order's answer here.
 */
@ProviderType
public interface OrderForwarding {

    /**
     * Whether an order for the account goes to another runtime now: forwarding is on, and the lease as this runtime last
     * saw it is held by another runtime that said where its API answers and has not let it lapse. Answers from memory.
     */
    boolean forwards(String accountId);

    /**
     * Sends the order to the runtime that drives the account, once (never resent: the owner places a client order id at
     * most once, so the caller may send the same one again). Always an answer: the owner's; {@code REJECTED} when it is
     * certain nothing was placed (the owner refused, or could not be reached); {@code UNKNOWN} with an
     * {@code UNKNOWN_OUTCOME} error naming the client order id when the owner's answer was lost.
     */
    CompletionStage<OrderResult> forward(String accountId, UnifiedOrder order);
}
