package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.error.ErrorCategory;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.OperationMetrics;
import java.math.BigDecimal;
import java.util.EnumMap;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handle through which the runtime calls an adapter: every call is timed and counted by outcome
 * and error code, and a misbehaving adapter (one that throws instead of failing its stage, or fails
 * an order placement instead of reporting its outcome) is held to the contract:
 * <ul>
 * <li>a synchronous exception becomes a failed stage with a StandardBrokerError;</li>
 * <li>a failed {@code placeOrder} becomes a REJECTED result when the error is the broker's refusal, or a
 * connectivity failure after which the adapter's own lookup by client order id finds nothing; the order
 * the lookup finds, if it finds one; and an UNKNOWN result (to be reconciled, never resent) otherwise.</li>
 * </ul>
 */
final class MeteredBrokerAdapter implements BrokerAdapter {

    static final String PLACE_ORDER = "placeOrder";
    static final String PRICE_STREAM = "priceStream";

    /** Told of every call's end: the error is null when the call succeeded. */
    @FunctionalInterface
    interface CallObserver {
        void completed(String operation, ErrorDetail errorOrNull);

        CallObserver NONE = (operation, error) -> { };
    }

    private static final Logger LOG = LoggerFactory.getLogger(MeteredBrokerAdapter.class);

    private final BrokerAdapter delegate;
    private final BooleanSupplier acceptingOrders;
    private final CallObserver observer;
    private final Map<String, OperationMeter> meters = new ConcurrentHashMap<>();
    private final Instant start = Instant.now();
    private final OrderMeter orders = new OrderMeter(start);

    MeteredBrokerAdapter(BrokerAdapter delegate, BooleanSupplier acceptingOrders, CallObserver observer) {
        this.delegate = delegate;
        this.acceptingOrders = acceptingOrders;
        this.observer = observer;
    }

    /** Everything measured from {@code since} to now. */
    AccountMetrics metrics(Instant since) {
        Instant now = Instant.now();
        Map<String, OperationMetrics> operations = new TreeMap<>();
        Map<ErrorCategory, Long> byCategory = new EnumMap<>(ErrorCategory.class);
        meters.forEach((name, meter) -> {
            OperationMetrics metrics = meter.snapshot(since, now);
            operations.put(name, metrics);
            metrics.errors().forEach((code, count) -> byCategory.merge(code.category(), count, Long::sum));
        });
        return new AccountMetrics(accountId(), brokerType(), since.isBefore(start) ? start : since, now, operations,
                orders.snapshot(since, now), byCategory);
    }

    private OperationMeter meter(String operation) {
        return meters.computeIfAbsent(operation, name -> new OperationMeter(name, start));
    }

    private <T> CompletionStage<T> timed(String operation, Supplier<CompletionStage<T>> call) {
        long start = System.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(asBrokerError(e));
        }
        return stage.handle((value, failure) -> {
            long nanos = System.nanoTime() - start;
            if (failure == null) {
                meter(operation).success(nanos);
                observer.completed(operation, null);
                return CompletableFuture.completedFuture(value);
            }
            StandardBrokerError error = asBrokerError(failure);
            meter(operation).failure(nanos, error.code());
            ErrorContext context = error.context().accountId() == null ? error.context().withAccount(accountId()) : error.context();
            observer.completed(operation, error.detail().withContext(context));
            return CompletableFuture.<T>failedFuture(error);
        }).thenCompose(stageOfValue -> stageOfValue);
    }

    private StandardBrokerError asBrokerError(Throwable failure) {
        StandardBrokerError error = StandardBrokerError.from(failure);
        if (error.code() == ErrorCode.UNKNOWN_ERROR && !(unwrap(failure) instanceof StandardBrokerError)) {
            return new StandardBrokerError(new ErrorDetail(ErrorCode.UNKNOWN_ERROR, false, null,
                    "adapter " + delegate.brokerType() + " failed: " + unwrap(failure), ErrorContext.account(accountId())), failure);
        }
        return error;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        Instant submittedAt = Instant.now();
        if (!acceptingOrders.getAsBoolean()) {
            OrderResult refused = OrderResult.rejected(accountId(), order, new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, false,
                    null, "account " + accountId() + " is not accepting orders (stopped, down or connecting)",
                    new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(), null)), submittedAt);
            meter(PLACE_ORDER).failure(0, ErrorCode.BROKER_UNAVAILABLE);
            observer.completed(PLACE_ORDER, refused.error());
            return CompletableFuture.completedFuture(refused);
        }
        long start = System.nanoTime();
        CompletionStage<OrderResult> stage;
        try {
            stage = delegate.placeOrder(order);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((result, failure) -> {
            // the placement's latency is the adapter's answer; a lookup after a failure is timed as its own call
            long nanos = System.nanoTime() - start;
            CompletionStage<OrderResult> outcome = failure == null ? CompletableFuture.completedFuture(result)
                    : outcomeOfFailure(order, failure, submittedAt);
            return outcome.thenApply(known -> recorded(order, known, nanos));
        }).thenCompose(outcome -> outcome);
    }

    private OrderResult recorded(UnifiedOrder order, OrderResult outcome, long nanos) {
        BigDecimal slippage;
        try {
            slippage = slippagePips(order, outcome);
        } catch (RuntimeException e) {
            // the order's answer matters more than its slippage figure: an adapter failing here must not lose it
            LOG.warn("account {}: no slippage for order {} ({})", accountId(), outcome.clientOrderId(), e.toString());
            slippage = null;
        }
        orders.record(Instant.now(), outcome.status(), slippage);
        if (outcome.status() == OrderStatus.REJECTED || outcome.status() == OrderStatus.UNKNOWN) {
            meter(PLACE_ORDER).failure(nanos, outcome.error().code());
            observer.completed(PLACE_ORDER, outcome.error());
        } else {
            meter(PLACE_ORDER).success(nanos);
            observer.completed(PLACE_ORDER, null);
        }
        return outcome;
    }

    /** Slippage of a fill against the price the caller saw, in pips, positive when it went against the caller; null when unknown. */
    private BigDecimal slippagePips(UnifiedOrder order, OrderResult outcome) {
        if (order.referencePrice() == null || outcome.averageFillPrice() == null) {
            return null;
        }
        Optional<Instrument> instrument = delegate.capabilities().instrument(order.instrument());
        if (instrument.isEmpty()) {
            return null;
        }
        BigDecimal against = outcome.averageFillPrice().subtract(order.referencePrice()).multiply(BigDecimal.valueOf(order.side().sign()));
        return against.divide(instrument.get().pip(), 3, java.math.RoundingMode.HALF_EVEN);
    }

    /**
     * An adapter that failed the stage instead of reporting an outcome: refuse only what certainly did not execute.
     * A refusal by the broker (credentials, account, request, market, throttling) executed nothing. A connectivity
     * failure (timeout, network, broker unavailable) is the adapter's word that nothing was sent, which the
     * contract asks for but a third-party adapter may not keep: it is UNKNOWN unless the adapter's own lookup by
     * client order id shows that nothing was placed. Anything else is UNKNOWN. The code decides, not the
     * retryable flag, which is the adapter's word too.
     */
    private CompletionStage<OrderResult> outcomeOfFailure(UnifiedOrder order, Throwable failure, Instant submittedAt) {
        StandardBrokerError error = asBrokerError(failure);
        ErrorContext context = new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(),
                error.context().brokerRequestId());
        OrderResult rejected = OrderResult.rejected(accountId(), order, error.detail().withContext(context), submittedAt);
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
        return findOrderByClientId(order.clientOrderId()).handle((found, lookupFailure) -> {
            if (lookupFailure != null || found == null) {
                return unknown;
            }
            return found.orElse(rejected);
        });
    }

    private boolean declaresLookup() {
        try {
            return delegate.capabilities().has(BrokerCapability.CLIENT_ORDER_ID_LOOKUP);
        } catch (RuntimeException e) {
            // a broken capabilities call proves nothing: the outcome stays unknown
            return false;
        }
    }

    private OrderResult unknown(UnifiedOrder order, StandardBrokerError error, ErrorContext context, Instant submittedAt) {
        return OrderResult.unknown(accountId(), order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, error.brokerCode(),
                "outcome unknown, reconcile by client order id before resending: " + error.code() + ": " + error.brokerMessage(),
                context), submittedAt);
    }

    @Override
    public String brokerType() {
        return delegate.brokerType();
    }

    @Override
    public String accountId() {
        return delegate.accountId();
    }

    @Override
    public BrokerCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public CompletionStage<Void> connect() {
        return timed("connect", delegate::connect);
    }

    @Override
    public CompletionStage<Void> disconnect() {
        return timed("disconnect", delegate::disconnect);
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        return timed("cancelOrder", () -> delegate.cancelOrder(brokerOrderId));
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        return timed("getOrder", () -> delegate.getOrder(brokerOrderId));
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        return timed("findOrderByClientId", () -> delegate.findOrderByClientId(clientOrderId));
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        return timed("positions", delegate::positions);
    }

    @Override
    public CompletionStage<List<io.multibroker.api.model.OrderResult>> closePosition(String instrument) {
        return timed("closePosition", () -> delegate.closePosition(instrument));
    }

    @Override
    public CompletionStage<List<io.multibroker.api.model.UnifiedTrade>> openTrades() {
        return timed("openTrades", delegate::openTrades);
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        return timed("accountSummary", delegate::accountSummary);
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return timed("instruments", delegate::instruments);
    }

    /** Each tick delivered counts as a priceStream call whose latency is the tick's age on delivery. */
    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        Flow.Publisher<PriceTick> source;
        try {
            source = delegate.streamPrices(instruments);
        } catch (RuntimeException e) {
            StandardBrokerError error = asBrokerError(e);
            return BrokerAdapter.failedStream(error);
        }
        return subscriber -> source.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(PriceTick tick) {
                Instant now = Instant.now();
                long age = java.time.Duration.between(tick.time(), now).toNanos();
                meter(PRICE_STREAM).record(now, age, null);
                subscriber.onNext(tick);
            }

            @Override
            public void onError(Throwable failure) {
                StandardBrokerError error = asBrokerError(failure);
                meter(PRICE_STREAM).record(Instant.now(), 0, error.code());
                observer.completed(PRICE_STREAM, error.detail());
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }

    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return timed("checkHealth", delegate::checkHealth);
    }
}
