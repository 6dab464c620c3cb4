package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What is known of an order whose adapter failed the placement's stage instead of reporting an outcome: refuse only
 * what certainly did not execute. A refusal by the broker (credentials, account, request, market, throttling) executed
 * nothing. A connectivity failure (timeout, network, broker unavailable) is the adapter's word that nothing was sent,
 * which the contract asks for but a third-party adapter may not keep: it is UNKNOWN unless the adapter's own lookup by
 * client order id shows that nothing was placed. Anything else is UNKNOWN. The code decides, not the retryable flag,
 * which is the adapter's word too.
 */
final class FailedPlacement {

    private final BrokerAdapter adapter;
    private final Function<Throwable, StandardBrokerError> asBrokerError;
    /** The adapter's lookup by client order id, as the handle makes it (timed and counted). */
    private final Function<String, CompletionStage<Optional<OrderResult>>> findByClientId;

    FailedPlacement(BrokerAdapter adapter, Function<Throwable, StandardBrokerError> asBrokerError,
            Function<String, CompletionStage<Optional<OrderResult>>> findByClientId) {
        this.adapter = adapter;
        this.asBrokerError = asBrokerError;
        this.findByClientId = findByClientId;
    }

    CompletionStage<OrderResult> outcome(UnifiedOrder order, Throwable failure, Instant submittedAt) {
        StandardBrokerError error = asBrokerError.apply(failure);
        String accountId = adapter.accountId();
        ErrorContext context = new ErrorContext(accountId, order.orderId(), order.clientOrderId(), order.instrument(),
                error.context().brokerRequestId());
        OrderResult rejected = OrderResult.rejected(accountId, order, error.detail().withContext(context), submittedAt);
        return switch (error.category()) {
            case AUTHENTICATION, ACCOUNT, INVALID_REQUEST, UNSUPPORTED, MARKET, CONFIGURATION, THROTTLING ->
                    CompletableFuture.completedFuture(rejected);
            case CONNECTIVITY -> rejectedIfNotPlaced(order, rejected, unknown(order, error, context, submittedAt));
            default -> CompletableFuture.completedFuture(unknown(order, error, context, submittedAt));
        };
    }

    /** The refusal if the adapter's lookup finds no order with the client order id, what it finds if it does, else UNKNOWN. */
    private CompletionStage<OrderResult> rejectedIfNotPlaced(UnifiedOrder order, OrderResult rejected, OrderResult unknown) {
        if (!declaresLookup()) {
            return CompletableFuture.completedFuture(unknown);
        }
        return findByClientId.apply(order.clientOrderId()).handle((found, lookupFailure) -> {
            if (lookupFailure != null || found == null) {
                return unknown;
            }
            return found.orElse(rejected);
        });
    }

    private boolean declaresLookup() {
        try {
            return adapter.capabilities().has(BrokerCapability.CLIENT_ORDER_ID_LOOKUP);
        } catch (RuntimeException e) {
            // a broken capabilities call proves nothing: the outcome stays unknown
            return false;
        }
    }

    private OrderResult unknown(UnifiedOrder order, StandardBrokerError error, ErrorContext context, Instant submittedAt) {
        return OrderResult.unknown(adapter.accountId(), order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, error.brokerCode(),
                "outcome unknown, reconcile by client order id before resending: " + error.code() + ": " + error.brokerMessage(),
                context), submittedAt);
    }
}
