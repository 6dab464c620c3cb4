package io.multibroker.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.PathSegments;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finding an order at OANDA: by its id or client order id, and, for a submission that got no clear answer, by
 * reconciling (by client order id, then among the transactions since the last known one) without ever sending it
 * again.
 */
final class OrderLookup {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLookup.class);
    private static final Duration RECONCILE_FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration RECONCILE_MAX_PAUSE = Duration.ofSeconds(2);

    private final String accountId;
    private final OrderTranslator translator;
    private final ScheduledExecutorService scheduler;
    /** How long an order whose outcome is unknown is looked up: the window of the configuration in force. */
    private final Supplier<Duration> reconcileWindow;

    OrderLookup(String accountId, OrderTranslator translator, ScheduledExecutorService scheduler, Supplier<Duration> reconcileWindow) {
        this.accountId = accountId;
        this.translator = translator;
        this.scheduler = scheduler;
        this.reconcileWindow = reconcileWindow;
    }

    /** The order with this client order id, or empty when OANDA has none. */
    CompletableFuture<Optional<OrderResult>> findByClientId(V20Client client, String clientOrderId) {
        return readOrder(client, "@" + PathSegments.escape(clientOrderId)).thenApply(Optional::of)
                .exceptionallyCompose(failure -> {
                    StandardBrokerError error = StandardBrokerError.from(V20Client.unwrap(failure));
                    return error.code() == ErrorCode.ORDER_NOT_FOUND ? CompletableFuture.completedFuture(Optional.empty())
                            : CompletableFuture.failedFuture(error);
                });
    }

    /** GET /orders/{spec}, completed by the transaction that filled or cancelled it. */
    CompletableFuture<OrderResult> readOrder(V20Client client, String specifier) {
        return client.read("/orders/" + specifier, ErrorCode.ORDER_NOT_FOUND).thenCompose(body -> {
            JsonNode order = body.path("order");
            if (!order.isObject()) {
                throw client.protocolError("GET /orders/" + specifier + " answered without an order");
            }
            String closing = order.hasNonNull("fillingTransactionID") ? order.get("fillingTransactionID").asText()
                    : order.hasNonNull("cancellingTransactionID") ? order.get("cancellingTransactionID").asText() : null;
            if (closing == null) {
                return CompletableFuture.completedFuture(translator.fromOrder(order, null, Instant.now()));
            }
            return client.read("/transactions/" + closing, ErrorCode.ORDER_NOT_FOUND)
                    .thenApply(transaction -> translator.fromOrder(order, transaction.path("transaction"), Instant.now()));
        });
    }

    /**
     * Finds out what became of an order whose submission got no clear answer, without sending it again: by its
     * client order id, then among the transactions since the last one known before it was sent. The lookups are
     * repeated with backoff for the reconciliation window (OANDA's read-after-write lag, a slow execution, a short
     * outage); what cannot be found within it stays UNKNOWN, for the operator.
     */
    CompletableFuture<OrderResult> reconcile(V20Client client, UnifiedOrder order, long lastKnown, Instant submitted, String why) {
        Duration window = reconcileWindow.get();
        LOG.warn("account {}: order {} has an unknown outcome ({}); reconciling for up to {} ms, not resending", accountId,
                order.clientOrderId(), why, window.toMillis());
        AtomicInteger lookups = new AtomicInteger();
        RetryPolicy<Optional<OrderResult>> untilFound = RetryPolicy.<Optional<OrderResult>>builder()
                .handleResultIf(Optional::isEmpty).handle(Exception.class)
                .withBackoff(RECONCILE_FIRST_PAUSE, RECONCILE_MAX_PAUSE).withJitter(0.1)
                .withMaxRetries(-1).withMaxDuration(window).build();
        return Failsafe.with(untilFound).with(scheduler).getStageAsync(() -> {
            lookups.incrementAndGet();
            return lookup(client, order, lastKnown, submitted);
        }).handle((found, failure) -> {
            if (failure == null && found.isPresent()) {
                LOG.info("account {}: order {} reconciled after {} lookups: {}", accountId, order.clientOrderId(), lookups.get(),
                        found.get().status());
                return found.get();
            }
            String lookup = failure == null ? "no trace of it at OANDA" : "the lookups failed: " + V20Client.unwrap(failure).getMessage();
            LOG.error("account {}: order {} still has an unknown outcome after {} lookups in {} ms ({})", accountId, order.clientOrderId(),
                    lookups.get(), window.toMillis(), lookup);
            return OrderResult.unknown(accountId, order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, null, "outcome unknown ("
                    + why + "); after " + lookups.get() + " lookups in " + window.toMillis() + " ms " + lookup
                    + "; not resent: look it up by its client order id", new ErrorContext(accountId, order.orderId(),
                    order.clientOrderId(), order.instrument(), null)), submitted);
        });
    }

    /** One lookup: by client order id, then among the transactions since the last known one. */
    private CompletableFuture<Optional<OrderResult>> lookup(V20Client client, UnifiedOrder order, long lastKnown, Instant submitted) {
        return findByClientId(client, order.clientOrderId()).thenCompose(found -> found.isPresent() || lastKnown < 0
                ? CompletableFuture.completedFuture(found) : findInTransactions(client, order, lastKnown, submitted));
    }

    /** The order among the transactions since {@code lastKnown}: its create (or reject) and what followed it. */
    private CompletableFuture<Optional<OrderResult>> findInTransactions(V20Client client, UnifiedOrder order, long lastKnown, Instant submitted) {
        return client.read("/transactions/sinceid?id=" + lastKnown, ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            JsonNode create = null;
            for (JsonNode transaction : body.path("transactions")) {
                if (order.clientOrderId().equals(transaction.path("clientExtensions").path("id").asText(null))
                        && transaction.path("type").asText("").endsWith("_ORDER_REJECT")) {
                    ObjectNode rejectAnswer = V20Client.JSON.createObjectNode();
                    rejectAnswer.set("orderRejectTransaction", transaction);
                    return translator.rejected(order, rejectAnswer, submitted);
                }
                if (order.clientOrderId().equals(transaction.path("clientExtensions").path("id").asText(null))
                        && transaction.path("type").asText("").endsWith("_ORDER")) {
                    create = transaction;
                }
            }
            if (create == null) {
                return Optional.empty();
            }
            ObjectNode answer = V20Client.JSON.createObjectNode();
            answer.set("orderCreateTransaction", create);
            String orderId = create.path("id").asText();
            for (JsonNode transaction : body.path("transactions")) {
                if (orderId.equals(transaction.path("orderID").asText(null))) {
                    if (transaction.path("type").asText().equals("ORDER_FILL")) {
                        answer.set("orderFillTransaction", transaction);
                    } else if (transaction.path("type").asText().equals("ORDER_CANCEL")) {
                        answer.set("orderCancelTransaction", transaction);
                    }
                }
            }
            return Optional.of(translator.created(order, answer, submitted));
        });
    }
}
