package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What is known of an order whose adapter did not report an outcome that can be taken at its word: refuse only what
 * certainly did not execute. An adapter says that a placement failed either by failing its stage (or throwing) or, as
 * the contract asks for refusals, by a REJECTED result; both are judged alike. A refusal by the broker (credentials,
 * account, request, market, throttling) executed nothing and is passed on. A connectivity failure (timeout, network,
 * broker unavailable) is the adapter's word that nothing was sent, which the contract asks for but a third-party adapter
 * may not keep: it is UNKNOWN unless the adapter's own lookup by client order id shows that nothing was placed (then
 * the refusal stands, with the adapter's error) or what was (then that order). Anything else, an unknown outcome
 * reported as a refusal included, is UNKNOWN, for the journal's background check. The code decides, not the retryable
 * flag, which is the adapter's word too. Nothing is ever resent.
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

    /** The outcome of a placement whose stage failed (or whose call threw). */
    CompletionStage<OrderResult> outcome(UnifiedOrder order, Throwable failure, Instant submittedAt) {
        StandardBrokerError error = asBrokerError.apply(failure);
        ErrorContext context = context(order, error.detail());
        OrderResult rejected = OrderResult.rejected(adapter.accountId(), order, error.detail().withContext(context), submittedAt);
        return judged(order, error.detail(), rejected, context, submittedAt);
    }

    /** The outcome of a placement the adapter answered with a result: a REJECTED one is judged by its error, as a failure. */
    CompletionStage<OrderResult> outcome(UnifiedOrder order, OrderResult result, Instant submittedAt) {
        if (result == null) {
            return outcome(order, new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "the adapter of " + adapter.accountId()
                    + " answered the placement with no result"), submittedAt);
        }
        if (result.status() != OrderStatus.REJECTED || result.error() == null) {
            return CompletableFuture.completedFuture(result);
        }
        return judged(order, result.error(), result, context(order, result.error()), submittedAt);
    }

    private CompletionStage<OrderResult> judged(UnifiedOrder order, ErrorDetail error, OrderResult rejected, ErrorContext context,
            Instant submittedAt) {
        return switch (error.category()) {
            case AUTHENTICATION, ACCOUNT, INVALID_REQUEST, UNSUPPORTED, MARKET, CONFIGURATION, THROTTLING ->
                    CompletableFuture.completedFuture(rejected);
            case CONNECTIVITY -> rejectedIfNotPlaced(order, rejected, unknown(order, error, context, submittedAt));
            default -> CompletableFuture.completedFuture(unknown(order, error, context, submittedAt));
        };
    }

    private ErrorContext context(UnifiedOrder order, ErrorDetail error) {
        return new ErrorContext(adapter.accountId(), order.orderId(), order.clientOrderId(), order.instrument(),
                error.context().brokerRequestId());
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

    private OrderResult unknown(UnifiedOrder order, ErrorDetail error, ErrorContext context, Instant submittedAt) {
        return OrderResult.unknown(adapter.accountId(), order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, error.brokerCode(),
                "outcome unknown, reconcile by client order id before resending: " + error.code() + ": " + error.message(),
                context), submittedAt);
    }
}
