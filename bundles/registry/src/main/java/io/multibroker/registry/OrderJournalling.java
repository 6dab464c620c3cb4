package io.multibroker.registry;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.CallerWaits;
import io.multibroker.api.support.Threads;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's orders through the order journal, when one is installed: the intent is committed before the order is
 * sent (an order whose intent cannot be written is not sent, and is REJECTED as certainly not executed), and the
 * answers are appended after. The journal's trouble after sending never costs the caller an answer.
 */
final class OrderJournalling {

    private static final Logger LOG = LoggerFactory.getLogger(OrderJournalling.class);
    /** How long a caller that waits for its order waits for the intent's commit on its own thread (a commit takes milliseconds). */
    static final Duration INTENT_PATIENCE = Duration.ofSeconds(5);

    private final String accountId;
    private final Supplier<OrderJournal> journal;
    private final CallMeters meters;

    OrderJournalling(String accountId, Supplier<OrderJournal> journal, CallMeters meters) {
        this.accountId = accountId;
        this.journal = journal;
        this.meters = meters;
    }

    /**
     * The intent's commit, what the send waits for. A caller that waits for the answer waits for the commit on its own
     * thread, so that the send then runs there too (the journal's writer is spared the exchange), unless the commit takes
     * so long that the writer had better send it when it is done.
     */
    private static CompletableFuture<Void> committing(CompletionStage<Void> intent) {
        CompletableFuture<Void> commit = intent.toCompletableFuture();
        if (CallerWaits.onThisThread()) {
            CallerWaits.settle(commit, INTENT_PATIENCE);
        }
        return commit;
    }

    /** The journal installed now, or null. */
    OrderJournal current() {
        return journal.get();
    }

    /** Sends the order once its intent is committed (write-before-send), and appends the answer. */
    CompletionStage<OrderResult> place(UnifiedOrder order, String routing, Instant submittedAt, Supplier<CompletionStage<OrderResult>> send) {
        OrderJournal current = journal.get();
        if (current == null) {
            return send.get();
        }
        // write-before-send: the order leaves only once its intent is committed
        return committing(current.intent(accountId, order, routing)).handle((written, failure) -> {
            if (failure != null) {
                return CompletableFuture.completedFuture(notJournalled(order, failure, submittedAt));
            }
            return send.get().thenApply(result -> answer(current, MeteredBrokerAdapter.PLACE_ORDER, result));
        }).thenCompose(outcome -> outcome);
    }

    /**
     * An order whose intent could not be written: never sent, so certainly not executed. A client order id the journal
     * has already is the caller's duplicate (never sent twice); any other failure is the journal's, and the order may be
     * sent again.
     */
    private OrderResult notJournalled(UnifiedOrder order, Throwable failure, Instant submittedAt) {
        ErrorContext context = new ErrorContext(accountId, order.orderId(), order.clientOrderId(), order.instrument(), null);
        ErrorDetail error;
        if (Threads.unwrap(failure) instanceof StandardBrokerError refusal && refusal.code() == ErrorCode.DUPLICATE_CLIENT_ORDER_ID) {
            error = refusal.detail().withContext(context);
        } else {
            LOG.error("order {} at {} not sent: its intent could not be journalled: {}", order.clientOrderId(), accountId,
                    failure.toString());
            error = new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, true, null, "order not sent: the order journal could not record "
                    + "its intent (" + Threads.unwrap(failure) + ")", context);
        }
        OrderResult refused = OrderResult.rejected(accountId, order, error, submittedAt);
        meters.failed(MeteredBrokerAdapter.PLACE_ORDER, 0, refused.error());
        return refused;
    }

    /** Appends the answer to the journal (queued in order now, committed with the next group) and hands it on. */
    OrderResult answer(OrderJournal current, String operation, OrderResult result) {
        try {
            current.answer(accountId, operation, result).whenComplete((written, failure) -> {
                if (failure != null) {
                    LOG.error("the answer to {} of order {} at {} ({}) could not be journalled: {}", operation, result.clientOrderId(),
                            accountId, result.status(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            // the journal's trouble must not cost the caller the answer of an order that was placed
            LOG.error("the answer to {} of order {} at {} could not be journalled: {}", operation, result.clientOrderId(), accountId,
                    e.toString());
        }
        return result;
    }

    /** Sends the replace, its intent (the replacing order, linked to the one it replaces) committed first. */
    CompletionStage<OrderResult> replace(String brokerOrderId, OrderReplacement replacement, Supplier<CompletionStage<OrderResult>> send) {
        OrderJournal current = journal.get();
        if (current == null) {
            return send.get();
        }
        return committing(current.replaceIntent(accountId, brokerOrderId, replacement))
                .handle((written, failure) -> {
                    if (failure != null) {
                        ErrorContext context = new ErrorContext(accountId, brokerOrderId, replacement.clientOrderId(), null, null);
                        // a client order id the journal has already is the caller's duplicate, not to be tried again
                        return CompletableFuture.<OrderResult>failedFuture(Threads.unwrap(failure) instanceof StandardBrokerError refusal
                                && refusal.code() == ErrorCode.DUPLICATE_CLIENT_ORDER_ID
                                ? new StandardBrokerError(ErrorDetail.of(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, "replace not sent: "
                                        + refusal.detail().message()).withContext(context))
                                : StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, null, "replace not sent: the order journal could not "
                                        + "record its intent (" + Threads.unwrap(failure) + ")", context));
                    }
                    return send.get().whenComplete((result, sendFailure) -> {
                        if (sendFailure != null) {
                            notReplaced(current, brokerOrderId, replacement, sendFailure);
                        }
                    });
                })
                .thenCompose(sent -> sent)
                .thenApply(result -> {
                    current.replaced(accountId, brokerOrderId, result).whenComplete((done, failure) -> {
                        if (failure != null) {
                            LOG.error("the replace of {} at {} could not be journalled: {}", brokerOrderId, accountId, failure.toString());
                        }
                    });
                    return result;
                });
    }

    /**
     * A replace the broker refused, or whose outcome is not known: the replacement's intent is in the journal, open (sent,
     * no answer), and would stay so for ever. It is REJECTED where the broker's refusal says the request was not acted on
     * (the order, the request or the account refused), else UNKNOWN, which the journal goes on to reconcile with the broker
     * by its client order id: a lost connection, a protocol error or a failed look-up may follow a replace that was made.
     */
    private void notReplaced(OrderJournal current, String brokerOrderId, OrderReplacement replacement, Throwable failure) {
        try {
            // only this replace's own intent: answered by nothing yet, and linked to the order it replaces (the id may name
            // another order when the journal did not know the replaced one, and booked no intent)
            boolean intentOfThisReplace = current.orderByClientId(accountId, replacement.clientOrderId()).filter(order -> order.status() == null
                    && order.brokerOrderId() == null && brokerOrderId.equals(order.replacesOrderId())).isPresent();
            if (!intentOfThisReplace) {
                return;
            }
            StandardBrokerError error = StandardBrokerError.from(Threads.unwrap(failure));
            Instant now = Instant.now();
            answer(current, MeteredBrokerAdapter.REPLACE_ORDER, new OrderResult(accountId, replacement.clientOrderId(), null, null, null, null,
                    null, refusedUnacted(error.code()) ? OrderStatus.REJECTED : OrderStatus.UNKNOWN, replacement.units(), BigDecimal.ZERO, null,
                    now, now, null, error.detail()));
        } catch (RuntimeException e) {
            LOG.error("the failed replace {} at {} could not be journalled: {}", replacement.clientOrderId(), accountId, e.toString());
        }
    }

    /** Whether a broker's refusal says the request was not acted on; a duplicate client order id says an order has it. */
    private static boolean refusedUnacted(ErrorCode code) {
        return code != ErrorCode.DUPLICATE_CLIENT_ORDER_ID && switch (code.category()) {
            case ACCOUNT, INVALID_REQUEST, UNSUPPORTED, MARKET, AUTHENTICATION -> true;
            default -> false;
        };
    }
}
