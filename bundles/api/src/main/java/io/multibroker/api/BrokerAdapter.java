package io.multibroker.api;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.model.UnifiedTrade;
import io.multibroker.api.support.CallerWaits;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One account at one broker, registered as an OSGi service by the broker's bundle (one service per
 * factory configuration) with the service properties {@link #BROKER_TYPE} and {@link #ACCOUNT_ID}.
 *
 * <p>Every I/O method returns a {@link CompletionStage} and never blocks the caller, unless the caller has said
 * that it waits for the answer anyway ({@link CallerWaits}): then an adapter whose transport blocks may do the
 * exchange on the caller's thread and return a completed stage, sparing two thread hand-offs. Failures
 * complete the stage exceptionally with a {@link StandardBrokerError}.
 * {@link #placeOrder} is the exception: an order's outcome is always a value, so a refusal is a
 * REJECTED result and an ambiguous submission an UNKNOWN result (see {@link OrderResult}).
 *
 * <p>Contract checked by the conformance suite: an order whose type, time in force, instrument,
 * size or precision the account's {@link #capabilities()} do not allow is refused with the
 * matching code before any call to the broker.
 */
@ConsumerType
public interface BrokerAdapter {

    /** Service property: the broker type id ({@code paper}, {@code oanda}, ...). */
    String BROKER_TYPE = "broker.type";
    /** Service and configuration property: the account id, unique in the runtime. */
    String ACCOUNT_ID = "account.id";
    /** Configuration property: {@code false} keeps the account registered but stopped. Managed by the factory. */
    String ACCOUNT_ENABLED = "account.enabled";

    String brokerType();

    String accountId();

    /** What this account can do now. May change over time (instruments refreshed, settings changed). */
    BrokerCapabilities capabilities();

    /** Authenticates and opens whatever connections the adapter needs; completes when it is ready. */
    CompletionStage<Void> connect();

    /** Closes the adapter's connections; the adapter may be connected again later. */
    CompletionStage<Void> disconnect();

    CompletionStage<OrderResult> placeOrder(UnifiedOrder order);

    /**
     * Places the order as {@link #placeOrder(UnifiedOrder)} does, saying how it was routed ({@code explicit},
     * {@code experiment demo arm paper-fast}, ...). Adapters ignore the routing; the registry's handle writes it
     * into the order journal with the order's intent, before the order leaves.
     */
    default CompletionStage<OrderResult> placeOrder(UnifiedOrder order, String routing) {
        return placeOrder(order);
    }

    CompletionStage<OrderResult> cancelOrder(String brokerOrderId);

    CompletionStage<OrderResult> getOrder(String brokerOrderId);

    /** The order sent with this client order id, if the broker has it: the reconciliation lookup. */
    CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId);

    /**
     * Changes a resting order (capability {@code REPLACE_ORDERS}): brokers do it by cancel-and-replace, so the answer
     * is the new order, with its own broker id and the replacement's client order id. The order it replaces is
     * CANCELLED with the reason {@link OrderResult#REPLACED} ({@link OrderResult#replaced()}), as {@code getOrder} and
     * {@code cancelOrder} answer it afterwards. An order that is no longer resting is refused ({@code ORDER_NOT_FOUND}
     * or {@code INVALID_ORDER}); the outcome of the replacing order is a value, as for {@link #placeOrder(UnifiedOrder)}.
     */
    default CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION,
                brokerType() + " cannot replace orders"));
    }

    /** The orders resting at the broker now (capability {@code OPEN_ORDERS}): what reconciliation compares. */
    default CompletionStage<List<OrderResult>> openOrders() {
        return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION,
                brokerType() + " does not list open orders"));
    }

    /**
     * Every change of this account's orders as the broker reports it, without polling (capability {@code ORDER_EVENTS}):
     * fills, partial fills, cancels, expiries, replaces. Each subscriber gets its own bounded buffer, as prices do: a
     * subscriber that falls behind loses events, and the next event it receives is a {@link OrderEventKind#GAP}
     * marker; so is the first event after the adapter lost its connection to the broker's event feed, when it could
     * not fill the gap itself.
     */
    default Flow.Publisher<OrderEvent> orderEvents() {
        return failedStream(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, brokerType() + " publishes no order events"));
    }

    /** The kinds of order event this adapter emits; empty when it emits none. The conformance suite checks each. */
    default Set<OrderEventKind> orderEventKinds() {
        return Set.of();
    }

    CompletionStage<List<UnifiedPosition>> positions();

    /**
     * Closes the whole position in an instrument (both sides when hedged) at market: one result per side
     * closed, each FILLED, REJECTED or UNKNOWN like any order. Brokers without the operation fail with
     * {@code UNSUPPORTED_OPERATION}.
     */
    default CompletionStage<List<OrderResult>> closePosition(String instrument) {
        return CompletableFuture.failedFuture(new StandardBrokerError(
                ErrorCode.UNSUPPORTED_OPERATION, brokerType() + " cannot close a position by instrument"));
    }

    /** The open trades; brokers that do not expose trades fail with {@code UNSUPPORTED_OPERATION}. */
    default CompletionStage<List<UnifiedTrade>> openTrades() {
        return CompletableFuture.failedFuture(new StandardBrokerError(
                ErrorCode.UNSUPPORTED_OPERATION, brokerType() + " does not expose open trades"));
    }

    CompletionStage<UnifiedAccountSummary> accountSummary();

    CompletionStage<List<Instrument>> instruments();

    /**
     * Prices of the given instruments. Each subscriber gets its own subscription and its own
     * demand: a slow subscriber sees ticks conflated or dropped, never blocks the others or the broker
     * connection.
     */
    Flow.Publisher<PriceTick> streamPrices(Set<String> instruments);

    /** A cheap round trip to the broker that tells whether the account can trade. */
    CompletionStage<HealthReport> checkHealth();

    /**
     * A stream (of prices, of order events) that fails at once with the given error, as Flow requires: after
     * {@code onSubscribe}. For adapters that refuse a subscription (unknown instrument, no streaming).
     */
    static <T> Flow.Publisher<T> failedStream(StandardBrokerError error) {
        return subscriber -> {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    // nothing will ever be delivered
                }

                @Override
                public void cancel() {
                    // nothing to release
                }
            });
            subscriber.onError(error);
        };
    }
}
