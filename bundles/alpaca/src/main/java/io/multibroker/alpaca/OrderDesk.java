package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.NoAnswer;
import io.multibroker.api.support.PathSegments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An account's orders at Alpaca: placing, replacing and cancelling them, and turning each answer (with the fill or
 * cancel the trade-updates stream reports) into a result. Every order is checked against the account's capabilities,
 * the asset's rules and the market clock before anything is sent; one without a clear answer is reconciled, never
 * sent again, and one still waiting when the account closes is answered UNKNOWN.
 */
final class OrderDesk {

    private final String accountId;
    private final AlpacaClient client;
    private final OrderTranslator translator;
    private final TradeUpdateStream tradeUpdates;
    private final Supplier<BrokerCapabilities> capabilities;
    private final OrderLookup lookup;
    private final ScheduledExecutorService scheduler;
    /** How long an order that executes at once waits for its fill on the trade updates. */
    private final Duration fillWait;
    /** Orders sent and not yet answered, with what was asked: answered UNKNOWN if the account closes first. */
    private final Map<CompletableFuture<OrderResult>, UnifiedOrder> inFlight = new ConcurrentHashMap<>();

    OrderDesk(String accountId, AlpacaClient client, OrderTranslator translator, TradeUpdateStream tradeUpdates,
            Supplier<BrokerCapabilities> capabilities, OrderLookup lookup, ScheduledExecutorService scheduler, Duration fillWait) {
        this.accountId = accountId;
        this.client = client;
        this.translator = translator;
        this.tradeUpdates = tradeUpdates;
        this.capabilities = capabilities;
        this.lookup = lookup;
        this.scheduler = scheduler;
        this.fillWait = fillWait;
    }

    CompletableFuture<OrderResult> place(UnifiedOrder order) {
        Instant submitted = Instant.now();
        BrokerCapabilities capabilities = this.capabilities.get();
        ErrorContext context = new ErrorContext(accountId, order.orderId(), order.clientOrderId(), order.instrument(), null);
        if (capabilities == BrokerCapabilities.NONE) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order, new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE,
                    true, null, "account " + accountId + " is not connected yet: connect() has not read its assets", context), submitted));
        }
        Optional<ErrorDetail> refusal = capabilities.refusal(order);
        if (refusal.isEmpty()) {
            refusal = OrderRules.refusal(order, capabilities.instruments().get(order.instrument()));
        }
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order, refusal.get().withContext(context), submitted));
        }
        Instrument instrument = capabilities.instruments().get(order.instrument());
        ObjectNode body = translator.request(order, instrument.brokerSymbol());
        boolean executesNow = order.type() == OrderType.MARKET && order.timeInForce() != TimeInForce.AT_OPEN
                && order.timeInForce() != TimeInForce.AT_CLOSE || order.timeInForce() == TimeInForce.IOC || order.timeInForce() == TimeInForce.FOK;
        // registered before sending: the fill may come on the stream before the answer
        CompletableFuture<OrderEvent> done = executesNow && tradeUpdates.listening()
                ? tradeUpdates.awaitTerminal(order.clientOrderId(), fillWait) : null;
        CompletableFuture<OrderResult> outcome = new CompletableFuture<>();
        inFlight.put(outcome, order);
        outcome.whenComplete((result, failure) -> inFlight.remove(outcome));
        client.change("POST", "/v2/orders", body).handle((answer, failure) -> {
            if (failure != null) {
                tradeUpdates.forget(order.clientOrderId());
                Throwable cause = AlpacaClient.unwrap(failure);
                if (cause instanceof NoAnswer noAnswer && !noAnswer.mayHaveArrived()) {
                    return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order, new ErrorDetail(noAnswer.notSentCode(),
                            noAnswer.notSentCode().retryable(), null, "the order did not reach Alpaca: " + cause.getMessage(), context), submitted));
                }
                return lookup.reconcile(order, submitted, "no answer: " + cause.getMessage());
            }
            return answered(order, answer, done, submitted);
        }).thenCompose(result -> result).whenComplete((result, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(result);
            }
        });
        return outcome;
    }

    /** Its bundle stopped or its configuration went: an order still waiting for its outcome gets UNKNOWN, never no answer. */
    void closing() {
        inFlight.forEach((answer, order) -> answer.complete(OrderResult.unknown(accountId, order, new ErrorDetail(
                ErrorCode.UNKNOWN_OUTCOME, false, null, "account " + accountId + " closed before the order's outcome was known; "
                + "not resent: look it up by its client order id", new ErrorContext(accountId, order.orderId(), order.clientOrderId(),
                        order.instrument(), null)), Instant.now())));
    }

    /** An order's answer: 200 with the order, a refusal, or something that leaves its fate open. */
    private CompletableFuture<OrderResult> answered(UnifiedOrder order, AlpacaClient.Answer answer, CompletableFuture<OrderEvent> done,
            Instant submitted) {
        int status = answer.status();
        if (status == 200 && answer.body() != null && answer.body().hasNonNull("id")) {
            OrderResult placed = translator.fromOrder(answer.body(), submitted);
            if (placed.status().terminal() || done == null) {
                tradeUpdates.forget(order.clientOrderId());
                return settled(placed, done == null && isImmediate(order));
            }
            // a fill event carries the whole order: no second request; anything else is read again to be sure
            return done.thenCompose(event -> event != null && event.kind() == OrderEventKind.FILLED && event.averageFillPrice() != null
                    ? CompletableFuture.completedFuture(filled(placed, event)) : lookup.readOr(placed.brokerOrderId(), placed, submitted));
        }
        tradeUpdates.forget(order.clientOrderId());
        if (status / 100 == 4 && answer.body() != null) {
            StandardBrokerError error = client.errorFor(status, answer.body(), "POST /v2/orders", ErrorCode.INVALID_SYMBOL);
            if (error.code() == ErrorCode.DUPLICATE_CLIENT_ORDER_ID) {
                return duplicate(order, error, submitted);
            }
            if (status == 429) {
                return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order, error.detail(), submitted));
            }
            // Alpaca refused it; one lookup makes sure, since a 422 was once answered for an order that executed
            return lookup.findByClientId(order.clientOrderId()).handle((found, lookupFailure) -> found != null && found.isPresent()
                    ? found.get() : OrderResult.rejected(accountId, order, error.detail(), submitted));
        }
        String why = status / 100 == 2 ? "Alpaca answered " + status + " with a body that is not an order: " + AlpacaJson.excerpt(answer.text())
                : "Alpaca answered " + status + ": " + AlpacaJson.excerpt(answer.text());
        return lookup.reconcile(order, submitted, why);
    }

    /** The answered order as its fill event on the trade updates tells it. */
    private static OrderResult filled(OrderResult placed, OrderEvent fill) {
        return new OrderResult(placed.accountId(), placed.clientOrderId(), placed.brokerOrderId(), placed.brokerTradeId(),
                placed.instrument(), placed.side(), placed.type(), OrderStatus.FILLED, placed.requestedUnits(), fill.filledUnits(),
                fill.averageFillPrice(), placed.submittedAt(), fill.time(), fill.reason(), null);
    }

    private static boolean isImmediate(UnifiedOrder order) {
        return order.type() == OrderType.MARKET;
    }

    /**
     * An order answered but not yet final, without the stream to wait on: looked up once after the fill wait for a
     * market order (Alpaca fills it within milliseconds in the session), as it stands otherwise.
     */
    CompletableFuture<OrderResult> settled(OrderResult placed, boolean lookAgain) {
        if (!lookAgain || placed.status().terminal()) {
            return CompletableFuture.completedFuture(placed);
        }
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(
                Math.min(fillWait.toMillis(), 250), TimeUnit.MILLISECONDS, scheduler))
                .thenCompose(x -> lookup.readOr(placed.brokerOrderId(), placed, placed.submittedAt()));
    }

    /**
     * Alpaca refuses a client order id it has seen (in the account's whole history). Since this adapter never
     * resends, that means the caller resent an id after an unknown outcome: the first submission landed. The answer
     * is that order as it stands, with the duplicate error kept, so that nothing counts it as a second order.
     */
    private CompletableFuture<OrderResult> duplicate(UnifiedOrder order, StandardBrokerError error, Instant submitted) {
        return lookup.findByClientId(order.clientOrderId()).handle((found, failure) -> {
            if (found != null && found.isPresent()) {
                OrderResult first = found.get();
                return new OrderResult(first.accountId(), first.clientOrderId(), first.brokerOrderId(), first.brokerTradeId(),
                        first.instrument(), first.side(), first.type(), first.status(), first.requestedUnits(), first.filledUnits(),
                        first.averageFillPrice(), first.submittedAt(), first.updatedAt(), "the first submission of this client order id landed",
                        error.detail());
            }
            return OrderResult.rejected(accountId, order, error.detail(), submitted);
        });
    }

    CompletableFuture<OrderResult> cancel(String brokerOrderId) {
        if (!OrderLookup.isOrderId(brokerOrderId)) {
            return CompletableFuture.failedFuture(lookup.notFound(brokerOrderId));
        }
        String path = "/v2/orders/" + PathSegments.escape(brokerOrderId);
        CompletableFuture<OrderEvent> done = tradeUpdates.listening() ? tradeUpdates.awaitTerminal(brokerOrderId, fillWait) : null;
        return client.change("DELETE", path, null).thenCompose(answer -> {
            if (answer.status() == 204 || answer.status() == 200) {
                // accepted is not yet cancelled: the cancel (or a fill that won the race) comes on the stream
                CompletableFuture<OrderEvent> wait = done == null ? CompletableFuture.completedFuture(null) : done;
                return wait.thenCompose(event -> lookup.get(brokerOrderId));
            }
            tradeUpdates.forget(brokerOrderId);
            throw client.errorFor(answer.status(), answer.body(), "DELETE " + path, ErrorCode.ORDER_NOT_FOUND);
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(changeError(accountId, failure, "cancel of " + brokerOrderId)));
    }

    /** Cancel-and-replace ({@code PATCH}): the replacing order, a new id; the old one becomes REPLACED on the stream. */
    CompletableFuture<OrderResult> replace(String brokerOrderId, OrderReplacement replacement) {
        if (!OrderLookup.isOrderId(brokerOrderId)) {
            return CompletableFuture.failedFuture(lookup.notFound(brokerOrderId));
        }
        if (replacement.stopLoss() != null || replacement.takeProfit() != null || replacement.goodTillTime() != null) {
            return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION,
                    "Alpaca replaces quantity, prices and time in force; stop loss, take profit and good-till times are not replaceable"));
        }
        ObjectNode body = AlpacaJson.MAPPER.createObjectNode();
        if (replacement.units() != null) {
            body.put("qty", replacement.units().toPlainString());
        }
        if (replacement.timeInForce() != null) {
            body.put("time_in_force", OrderTranslator.tif(replacement.timeInForce()));
        }
        body.put("client_order_id", replacement.clientOrderId());
        String path = "/v2/orders/" + PathSegments.escape(brokerOrderId);
        return lookup.get(brokerOrderId).thenCompose(current -> {
            if (replacement.price() != null) {
                // the price a replacement changes is the one of its type: a stop's stop, a limit's limit
                body.put(current.type() == OrderType.STOP ? "stop_price" : "limit_price", replacement.price().toPlainString());
            }
            Instant submitted = Instant.now();
            return client.change("PATCH", path, body).thenCompose(answer -> {
                if (answer.status() == 200 && answer.body() != null && answer.body().hasNonNull("id")) {
                    return CompletableFuture.completedFuture(translator.fromOrder(answer.body(), submitted));
                }
                if (answer.status() / 100 == 4) {
                    throw client.errorFor(answer.status(), answer.body(), "PATCH " + path, ErrorCode.ORDER_NOT_FOUND);
                }
                // no clear answer: the replacement is found by its client order id, or stays unknown
                return lookup.findByClientId(replacement.clientOrderId()).thenApply(found -> found.orElseThrow(() -> StandardBrokerError.of(
                        ErrorCode.UNKNOWN_OUTCOME, "HTTP " + answer.status(), "replace of " + brokerOrderId + " got no clear answer: look up "
                        + replacement.clientOrderId(), new ErrorContext(accountId, brokerOrderId, replacement.clientOrderId(), null, null))));
            });
        }).exceptionallyCompose(failure -> CompletableFuture.failedFuture(changeError(accountId, failure, "replace of " + brokerOrderId)));
    }

    CompletableFuture<List<OrderResult>> open() {
        return client.read("/v2/orders?status=open&limit=500", ErrorCode.ACCOUNT_NOT_FOUND).thenApply(list -> {
            List<OrderResult> open = new ArrayList<>();
            list.forEach(order -> open.add(translator.fromOrder(order, AlpacaJson.time(order, "submitted_at"))));
            return open;
        });
    }

    /** A change that got no answer: UNKNOWN_OUTCOME when it may have arrived. */
    static Throwable changeError(String accountId, Throwable failure, String what) {
        Throwable cause = AlpacaClient.unwrap(failure);
        if (cause instanceof NoAnswer noAnswer) {
            return noAnswer.asBrokerError(what, ErrorContext.account(accountId));
        }
        return cause;
    }
}
