package io.multibroker.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.NoAnswer;
import io.multibroker.api.support.PathSegments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An account's orders at OANDA: placing, replacing and cancelling them, and turning each answer into a result.
 * Every order is checked against the account's capabilities before anything is sent; an answer that is not clear is
 * handed to {@link OrderLookup#reconcile}, never sent again.
 */
final class OrderDesk {

    private final String accountId;
    private final OrderTranslator translator;
    /** The client of the configuration in force; an order keeps the one it was sent with for its whole life. */
    private final Supplier<V20Client> clients;
    private final Supplier<BrokerCapabilities> capabilities;
    private final OrderLookup lookup;

    OrderDesk(String accountId, OrderTranslator translator, Supplier<V20Client> clients, Supplier<BrokerCapabilities> capabilities,
            OrderLookup lookup) {
        this.accountId = accountId;
        this.translator = translator;
        this.clients = clients;
        this.capabilities = capabilities;
        this.lookup = lookup;
    }

    CompletableFuture<OrderResult> place(UnifiedOrder order) {
        Instant submitted = Instant.now();
        Optional<ErrorDetail> refusal = refusal(order, order.orderId());
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order, refusal.get(), submitted));
        }
        ObjectNode body = translator.request(order);
        // the order's whole life, reconciliation included, is on the client (and settings) it was sent with
        V20Client client = clients.get();
        long lastKnown = client.lastTransactionId();
        return client.change("POST", V20Client.ORDERS, body).handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = V20Client.unwrap(failure);
                if (cause instanceof NoAnswer noAnswer && !noAnswer.mayHaveArrived()) {
                    // refused while connecting, or held back by the client-side limit: nothing reached OANDA
                    return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order, ErrorDetail.of(noAnswer.notSentCode(),
                            "the order did not reach OANDA: " + cause.getMessage()), submitted));
                }
                return lookup.reconcile(client, order, lastKnown, submitted, "no answer: " + cause.getMessage());
            }
            return answeredOrReconciled(client, order, answer, lastKnown, submitted);
        }).thenCompose(result -> result);
    }

    /**
     * Why an order (or a replacement) is not sent, if it is not: the account not connected yet, or a capability it
     * lacks. Before connect() has read the account nothing is known of it, so every order type would look unsupported;
     * that is an account not there yet (BROKER_UNAVAILABLE, retryable), not a missing capability.
     */
    private Optional<ErrorDetail> refusal(UnifiedOrder order, String orderId) {
        ErrorContext context = new ErrorContext(accountId, orderId, order.clientOrderId(), order.instrument(), null);
        BrokerCapabilities capabilities = this.capabilities.get();
        if (capabilities == BrokerCapabilities.NONE) {
            return Optional.of(new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, ErrorCode.BROKER_UNAVAILABLE.retryable(), null, "account "
                    + accountId + " is not connected yet: connect() has not read its instruments", context));
        }
        return capabilities.refusal(order).map(refused -> refused.withContext(context));
    }

    /** An order's answer: 201 (pending, filled, or cancelled), a reject, a refusal before any action, or ambiguity. */
    private CompletableFuture<OrderResult> answeredOrReconciled(V20Client client, UnifiedOrder order, V20Client.Answer answer, long lastKnown,
            Instant submitted) {
        int status = answer.status();
        if (status == 201 && answer.body() != null) {
            try {
                return CompletableFuture.completedFuture(translator.created(order, answer.body(), submitted));
            } catch (StandardBrokerError malformed) {
                return lookup.reconcile(client, order, lastKnown, submitted, malformed.getMessage());
            }
        }
        Optional<OrderResult> rejected = translator.rejected(order, answer.body(), submitted);
        if (rejected.isPresent()) {
            return CompletableFuture.completedFuture(rejected.get());
        }
        if (status == 400 || status == 401 || status == 403 || status == 404 || status == 405 || status == 429) {
            // OANDA refused it before acting: nothing executed
            StandardBrokerError error = client.errorFor(status, answer.body(), "/orders", ErrorCode.ACCOUNT_NOT_FOUND);
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order, error.detail(), submitted));
        }
        // a 2xx whose body is not the answer, a 5xx: the order may or may not exist
        String why = status / 100 == 2 ? "OANDA answered " + status + " with a body that is not an order answer: "
                + V20Client.excerpt(answer.text()) : "OANDA answered " + status + ": " + V20Client.excerpt(answer.text());
        return lookup.reconcile(client, order, lastKnown, submitted, why);
    }

    CompletableFuture<OrderResult> cancel(String brokerOrderId) {
        String path = "/orders/" + specifier(brokerOrderId);
        return clients.get().change("PUT", path + "/cancel", null).thenCompose(answer -> {
            if (answer.status() == 200) {
                return get(brokerOrderId);
            }
            if (answer.status() == 404) {
                String reason = answer.body() == null ? null : answer.body().path("orderCancelRejectTransaction").path("rejectReason").asText(null);
                throw StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, reason != null ? reason : "HTTP 404",
                        "no pending order " + brokerOrderId + " at " + accountId, new ErrorContext(accountId, brokerOrderId, null, null, null));
            }
            throw clients.get().errorFor(answer.status(), answer.body(), path + "/cancel", ErrorCode.ORDER_NOT_FOUND);
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(changeError(failure, "cancel of order " + brokerOrderId,
                new ErrorContext(accountId, brokerOrderId, null, null, null))));
    }

    /**
     * v20's replace ({@code PUT /orders/{spec}}): OANDA cancels the order and creates its replacement in one request,
     * the replacement with a new id. The order is read first, as OANDA's replace takes the whole new order, not a
     * change: the replacement is applied to it and checked against the capabilities like any order before sending.
     * An answer lost on the way is reconciled by the replacement's client order id, as for a placement, never resent.
     */
    CompletableFuture<OrderResult> replace(String brokerOrderId, OrderReplacement replacement) {
        V20Client client = clients.get();
        String path = "/orders/" + specifier(brokerOrderId);
        return client.read(path, ErrorCode.ORDER_NOT_FOUND).thenCompose(body -> {
            JsonNode current = body.path("order");
            if (!"PENDING".equals(current.path("state").asText(null))) {
                throw StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, current.path("state").asText(null), "order " + brokerOrderId
                        + " at " + accountId + " is " + current.path("state").asText("not there") + ", not pending: nothing to replace",
                        new ErrorContext(accountId, brokerOrderId, null, null, null));
            }
            UnifiedOrder replacing;
            try {
                replacing = replacement.applyTo(translator.pendingOrder(current));
            } catch (IllegalArgumentException e) {
                throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, null, "order " + brokerOrderId + " cannot be replaced so: "
                        + e.getMessage(), new ErrorContext(accountId, brokerOrderId, replacement.clientOrderId(), null, null));
            }
            Instant submitted = Instant.now();
            Optional<ErrorDetail> refusal = refusal(replacing, brokerOrderId);
            if (refusal.isPresent()) {
                return CompletableFuture.completedFuture(OrderResult.rejected(accountId, replacing, refusal.get(), submitted));
            }
            long lastKnown = client.lastTransactionId();
            return client.change("PUT", path, translator.request(replacing)).handle((answer, failure) -> {
                if (failure != null) {
                    Throwable cause = V20Client.unwrap(failure);
                    if (cause instanceof NoAnswer noAnswer && !noAnswer.mayHaveArrived()) {
                        return CompletableFuture.completedFuture(OrderResult.rejected(accountId, replacing, ErrorDetail.of(
                                noAnswer.notSentCode(), "the replacement did not reach OANDA: " + cause.getMessage()), submitted));
                    }
                    return lookup.reconcile(client, replacing, lastKnown, submitted, "no answer to the replace of " + brokerOrderId + ": "
                            + cause.getMessage());
                }
                if (answer.status() == 404) {
                    throw StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, "ORDER_DOESNT_EXIST", "no pending order " + brokerOrderId
                            + " at " + accountId + " to replace", new ErrorContext(accountId, brokerOrderId, null, null, null));
                }
                return answeredOrReconciled(client, replacing, replacementAnswer(answer), lastKnown, submitted);
            }).thenCompose(result -> result);
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(changeError(failure, "replace of order " + brokerOrderId,
                new ErrorContext(accountId, brokerOrderId, null, null, null))));
    }

    /**
     * A replace's answer as a placement's: its {@code orderCancelTransaction} is the replaced order's, and the new
     * order's own cancel (when it was cancelled at once) is {@code replacingOrderCancelTransaction}.
     */
    private static V20Client.Answer replacementAnswer(V20Client.Answer answer) {
        if (answer.body() == null || !answer.body().isObject()) {
            return answer;
        }
        ObjectNode placement = answer.body().deepCopy();
        placement.remove("orderCancelTransaction");
        JsonNode ownCancel = placement.remove("replacingOrderCancelTransaction");
        if (ownCancel != null) {
            placement.set("orderCancelTransaction", ownCancel);
        }
        return answer.withBody(placement);
    }

    /** GET /pendingOrders: the entry orders resting now (dependent orders belong to their trades, see openTrades). */
    CompletableFuture<List<OrderResult>> open() {
        return clients.get().read("/pendingOrders", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(body -> {
            List<OrderResult> open = new ArrayList<>();
            Instant now = Instant.now();
            for (JsonNode order : body.path("orders")) {
                if (order.hasNonNull("instrument") && "PENDING".equals(order.path("state").asText(null))) {
                    open.add(translator.fromOrder(order, null, now));
                }
            }
            return open;
        });
    }

    CompletableFuture<OrderResult> get(String brokerOrderId) {
        if (!isOrderSpecifier(brokerOrderId)) {
            // OANDA's order ids are numbers, its client ids given as @id: anything else names no order here, which is
            // what a caller that tries an id as a broker order id first needs to hear (not the 400 of a bad path)
            return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, null, "no order " + brokerOrderId
                    + " at " + accountId + ": OANDA's order ids are numbers", new ErrorContext(accountId, brokerOrderId, null, null, null)));
        }
        return lookup.readOrder(clients.get(), specifier(brokerOrderId));
    }

    /** An OANDA order id (digits) or a client order id as OANDA takes it in a path ({@code @} and the id). */
    static boolean isOrderSpecifier(String id) {
        return id != null && !id.isEmpty() && (id.charAt(0) == '@' ? id.length() > 1 : id.chars().allMatch(c -> c >= '0' && c <= '9'));
    }

    CompletableFuture<Optional<OrderResult>> findByClientId(String clientOrderId) {
        return lookup.findByClientId(clients.get(), clientOrderId);
    }

    /** An order id, or {@code @} and a client order id, as one path segment. */
    private static String specifier(String brokerOrderId) {
        return PathSegments.escape(brokerOrderId);
    }

    /**
     * A change of an order or a position that got no answer, named for what it was ({@code what}: "cancel of order
     * 42", "close of the position in EUR_USD"): UNKNOWN_OUTCOME when it may have arrived. Any other failure as it is.
     */
    static Throwable changeError(Throwable failure, String what, ErrorContext context) {
        Throwable cause = V20Client.unwrap(failure);
        if (cause instanceof NoAnswer noAnswer) {
            return noAnswer.asBrokerError(what, context);
        }
        return cause;
    }
}
