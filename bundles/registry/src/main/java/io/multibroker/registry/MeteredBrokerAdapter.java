package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCategory;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.model.UnifiedTrade;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import io.multibroker.api.support.OrderEventFanout;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
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
 * With an {@link OrderJournal}, every order passes it: the intent is committed before the order is sent (an order
 * whose intent cannot be written is not sent, and is REJECTED as certainly not executed), and the answers of
 * placements, cancels, replaces and position closes are appended after. Order events reach subscribers through the
 * handle's own fan-out, which the registry feeds with the adapter's events and the journal's reconciliations.
 * With a {@link PreTradeCheck}, every order is checked before anything else is done with it: a refusal is REJECTED,
 * counted and journalled like any other, and never reaches the adapter.
 */
final class MeteredBrokerAdapter implements BrokerAdapter {

    static final String PLACE_ORDER = "placeOrder";
    static final String PRICE_STREAM = "priceStream";
    static final String REPLACE_ORDER = "replaceOrder";
    /** The routing of an order placed on the handle directly, not through the router. */
    static final String DIRECT = "direct";
    private static final int EVENT_BUFFER = 1024;

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
    private final Supplier<OrderJournal> journal;
    private final OrderEventFanout events;
    private final Supplier<PreTradeCheck> preTradeCheck;

    MeteredBrokerAdapter(BrokerAdapter delegate, BooleanSupplier acceptingOrders, CallObserver observer) {
        this(delegate, acceptingOrders, observer, () -> null, ForkJoinPool.commonPool());
    }

    MeteredBrokerAdapter(BrokerAdapter delegate, BooleanSupplier acceptingOrders, CallObserver observer,
            Supplier<OrderJournal> journal, Executor delivery) {
        this(delegate, acceptingOrders, observer, journal, delivery, () -> null);
    }

    /**
     * @param journal the order journal now, or null when none is installed
     * @param delivery delivers order events to the handle's subscribers
     * @param preTradeCheck the risk layer's gate now, or null when none is installed
     */
    MeteredBrokerAdapter(BrokerAdapter delegate, BooleanSupplier acceptingOrders, CallObserver observer,
            Supplier<OrderJournal> journal, Executor delivery, Supplier<PreTradeCheck> preTradeCheck) {
        this.delegate = delegate;
        this.preTradeCheck = preTradeCheck;
        this.acceptingOrders = acceptingOrders;
        this.observer = observer;
        this.journal = journal;
        this.events = new OrderEventFanout(delegate.accountId(), delivery, EVENT_BUFFER);
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
        return placeOrder(order, DIRECT);
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order, String routing) {
        Instant submittedAt = Instant.now();
        if (!acceptingOrders.getAsBoolean()) {
            OrderResult refused = OrderResult.rejected(accountId(), order, new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, false,
                    null, "account " + accountId() + " is not accepting orders (stopped, down, connecting or being reconciled)",
                    new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(), null)), submittedAt);
            meter(PLACE_ORDER).failure(0, ErrorCode.BROKER_UNAVAILABLE);
            observer.completed(PLACE_ORDER, refused.error());
            return CompletableFuture.completedFuture(refused);
        }
        PreTradeCheck gate = preTradeCheck.get();
        if (gate == null) {
            return journalledAndSent(order, routing, submittedAt);
        }
        Optional<ErrorDetail> refusal;
        try {
            refusal = gate.check(accountId(), order);
        } catch (RuntimeException e) {
            // the last line of defence fails closed: an order it could not judge is not sent
            LOG.error("order {} at {} not sent: the pre-trade check failed", order.clientOrderId(), accountId(), e);
            refusal = Optional.of(ErrorDetail.of(ErrorCode.UNKNOWN_ERROR, "order not sent: the pre-trade risk check failed (" + e + ")"));
        }
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(riskRefused(order, refusal.get(), submittedAt));
        }
        // the order counts against the account's usage until its answer is told, whatever the answer is
        return journalledAndSent(order, routing, submittedAt).whenComplete((result, failure) -> gate.answered(accountId(), order,
                failure == null ? result : OrderResult.unknown(accountId(), order, StandardBrokerError.from(failure).detail(), submittedAt)));
    }

    /** A refusal of the risk layer: counted and journalled like any refusal, never sent. */
    private OrderResult riskRefused(UnifiedOrder order, ErrorDetail refusal, Instant submittedAt) {
        OrderResult refused = OrderResult.rejected(accountId(), order, refusal.withContext(new ErrorContext(accountId(), order.orderId(),
                order.clientOrderId(), order.instrument(), null)), submittedAt);
        meter(PLACE_ORDER).failure(0, refusal.code());
        observer.completed(PLACE_ORDER, refused.error());
        OrderJournal current = journal.get();
        if (current != null) {
            journalled(current, PLACE_ORDER, refused);
        }
        return refused;
    }

    private CompletionStage<OrderResult> journalledAndSent(UnifiedOrder order, String routing, Instant submittedAt) {
        OrderJournal current = journal.get();
        if (current == null) {
            return send(order, submittedAt);
        }
        // write-before-send: the order leaves only once its intent is committed
        return current.intent(accountId(), order, routing).handle((written, failure) -> {
            if (failure != null) {
                return CompletableFuture.completedFuture(notJournalled(order, failure, submittedAt));
            }
            return send(order, submittedAt).thenApply(result -> journalled(current, PLACE_ORDER, result));
        }).thenCompose(outcome -> outcome);
    }

    /**
     * An order whose intent could not be written: never sent, so certainly not executed. A client order id the journal
     * has already is the caller's duplicate (never sent twice); any other failure is the journal's, and the order may be
     * sent again.
     */
    private OrderResult notJournalled(UnifiedOrder order, Throwable failure, Instant submittedAt) {
        ErrorContext context = new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(), null);
        ErrorDetail error;
        if (unwrap(failure) instanceof StandardBrokerError refusal && refusal.code() == ErrorCode.DUPLICATE_CLIENT_ORDER_ID) {
            error = refusal.detail().withContext(context);
        } else {
            LOG.error("order {} at {} not sent: its intent could not be journalled: {}", order.clientOrderId(), accountId(),
                    failure.toString());
            error = new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, true, null, "order not sent: the order journal could not record "
                    + "its intent (" + unwrap(failure) + ")", context);
        }
        OrderResult refused = OrderResult.rejected(accountId(), order, error, submittedAt);
        meter(PLACE_ORDER).failure(0, error.code());
        observer.completed(PLACE_ORDER, refused.error());
        return refused;
    }

    /** Appends the answer to the journal (queued in order now, committed with the next group) and hands it on. */
    private OrderResult journalled(OrderJournal current, String operation, OrderResult result) {
        try {
            current.answer(accountId(), operation, result).whenComplete((written, failure) -> {
                if (failure != null) {
                    LOG.error("the answer to {} of order {} at {} ({}) could not be journalled: {}", operation, result.clientOrderId(),
                            accountId(), result.status(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            // the journal's trouble must not cost the caller the answer of an order that was placed
            LOG.error("the answer to {} of order {} at {} could not be journalled: {}", operation, result.clientOrderId(), accountId(),
                    e.toString());
        }
        return result;
    }

    private CompletionStage<OrderResult> send(UnifiedOrder order, Instant submittedAt) {
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
        OrderJournal current = journal.get();
        CompletionStage<OrderResult> cancelled = timed("cancelOrder", () -> delegate.cancelOrder(brokerOrderId));
        return current == null ? cancelled : cancelled.thenApply(result -> journalled(current, "cancelOrder", result));
    }

    /**
     * A replace is an order: it waits for the account to take orders, and with a journal its intent (the replacing order,
     * linked to the one it replaces) is committed before it is sent.
     */
    @Override
    public CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        if (!acceptingOrders.getAsBoolean()) {
            meter(REPLACE_ORDER).failure(0, ErrorCode.BROKER_UNAVAILABLE);
            return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, null, "account " + accountId()
                    + " is not accepting orders (stopped, down, connecting or being reconciled)",
                    new ErrorContext(accountId(), brokerOrderId, replacement.clientOrderId(), null, null)));
        }
        PreTradeCheck gate = preTradeCheck.get();
        if (gate == null) {
            return journalledReplace(brokerOrderId, replacement);
        }
        return replaceRefusal(gate, brokerOrderId, replacement).thenCompose(refusal -> {
            if (refusal.isEmpty()) {
                return journalledReplace(brokerOrderId, replacement);
            }
            StandardBrokerError refused = new StandardBrokerError(refusal.get().withContext(new ErrorContext(accountId(), brokerOrderId,
                    replacement.clientOrderId(), null, null)));
            meter(REPLACE_ORDER).failure(0, refused.code());
            observer.completed(REPLACE_ORDER, refused.detail());
            return CompletableFuture.<OrderResult>failedFuture(refused);
        });
    }

    /**
     * Why the trading state keeps the replace from being sent, or empty. ACTIVE: it goes. HALTED: none goes, since a replace
     * can enlarge an order (cancels and closes still go). REDUCING: a replace is an order, and it may not enlarge what the
     * account holds or has asked for: one that keeps the units, or asks no more than the order has left to fill, passes (a
     * working order made smaller or repriced adds nothing); one that asks more passes only if the order as replaced would
     * itself pass as a new order now, that is reduce the position (the risk layer's own judgement: the opposite side, no
     * more units than held). The order's instrument, side and units are the broker's ({@code getOrder}): an order that
     * cannot be read is not replaced, and a gate that fails refuses, since the last line of defence fails closed.
     */
    private CompletionStage<Optional<ErrorDetail>> replaceRefusal(PreTradeCheck gate, String brokerOrderId, OrderReplacement replacement) {
        TradingState state;
        try {
            state = gate.state(accountId());
        } catch (RuntimeException e) {
            LOG.error("replace of {} at {} not sent: the pre-trade check failed", brokerOrderId, accountId(), e);
            return CompletableFuture.completedFuture(Optional.of(ErrorDetail.of(ErrorCode.UNKNOWN_ERROR,
                    "replace not sent: the pre-trade risk check failed (" + e + ")")));
        }
        if (state == TradingState.ACTIVE || (state == TradingState.REDUCING && replacement.units() == null)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (state == TradingState.HALTED) {
            return CompletableFuture.completedFuture(Optional.of(gate instanceof RefusingGate refusing ? refusing.refusal()
                    : ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "replace not sent: the trading state of account " + accountId()
                    + " is HALTED")));
        }
        return timed("getOrder", () -> delegate.getOrder(brokerOrderId)).handle((original, failure) -> {
            if (failure != null) {
                return Optional.of(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "replace not sent: account " + accountId()
                        + " is REDUCING and order " + brokerOrderId + " could not be read to judge whether the replace enlarges it ("
                        + unwrap(failure) + ")"));
            }
            BigDecimal left = leftToFill(original);
            if (left != null && replacement.units().compareTo(left) <= 0) {
                return Optional.empty();
            }
            try {
                // only the instrument, the side and the units count for the trading state's judgement
                UnifiedOrder replacing = UnifiedOrder.market(original.instrument(), original.side(), replacement.units())
                        .clientOrderId(replacement.clientOrderId()).build();
                return gate.stateRefusal(accountId(), replacing).map(refusal -> ErrorDetail.of(refusal.code(), "replace of "
                        + brokerOrderId + " (" + original.side() + " " + original.instrument() + ", " + plain(left) + " left to fill) to "
                        + replacement.units().toPlainString() + " units not sent: " + refusal.message()));
            } catch (RuntimeException e) {
                LOG.error("replace of {} at {} not sent: the pre-trade check failed", brokerOrderId, accountId(), e);
                return Optional.of(ErrorDetail.of(ErrorCode.UNKNOWN_ERROR, "replace not sent: the pre-trade risk check failed (" + e + ")"));
            }
        });
    }

    /** The units an order has left to fill (requested less filled), or null when the broker did not say. */
    private static BigDecimal leftToFill(OrderResult order) {
        if (order.requestedUnits() == null) {
            return null;
        }
        return order.filledUnits() == null ? order.requestedUnits() : order.requestedUnits().subtract(order.filledUnits());
    }

    private static String plain(BigDecimal value) {
        return value == null ? "unknown" : value.toPlainString();
    }

    /** Sends the replace, its intent committed first when there is a journal. */
    private CompletionStage<OrderResult> journalledReplace(String brokerOrderId, OrderReplacement replacement) {
        OrderJournal current = journal.get();
        if (current == null) {
            return timed(REPLACE_ORDER, () -> delegate.replaceOrder(brokerOrderId, replacement));
        }
        return current.replaceIntent(accountId(), brokerOrderId, replacement)
                .handle((written, failure) -> {
                    if (failure != null) {
                        return CompletableFuture.<OrderResult>failedFuture(StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, null,
                                "replace not sent: the order journal could not record its intent (" + unwrap(failure) + ")",
                                new ErrorContext(accountId(), brokerOrderId, replacement.clientOrderId(), null, null)));
                    }
                    return timed(REPLACE_ORDER, () -> delegate.replaceOrder(brokerOrderId, replacement));
                })
                .thenCompose(sent -> sent)
                .thenApply(result -> {
                    current.replaced(accountId(), brokerOrderId, result).whenComplete((done, failure) -> {
                        if (failure != null) {
                            LOG.error("the replace of {} at {} could not be journalled: {}", brokerOrderId, accountId(), failure.toString());
                        }
                    });
                    return result;
                });
    }

    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        return timed("openOrders", delegate::openOrders);
    }

    /** The account's order events: the adapter's, and the journal's reconciliations; each subscriber with its own buffer. */
    @Override
    public Flow.Publisher<OrderEvent> orderEvents() {
        return events.publisher();
    }

    @Override
    public Set<OrderEventKind> orderEventKinds() {
        return delegate.orderEventKinds();
    }

    /** Hands an event to this account's subscribers. */
    void publish(OrderEvent event) {
        events.publish(event);
    }

    /** Tells this account's subscribers that events may have been missed. */
    void publishGap(String reason) {
        events.publishGap(reason);
    }

    void closeEvents() {
        events.closeAll();
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
    public CompletionStage<List<OrderResult>> closePosition(String instrument) {
        OrderJournal current = journal.get();
        CompletionStage<List<OrderResult>> closed = timed("closePosition", () -> delegate.closePosition(instrument));
        return current == null ? closed : closed.thenApply(results -> {
            results.forEach(result -> journalled(current, "closePosition", result));
            return results;
        });
    }

    @Override
    public CompletionStage<List<UnifiedTrade>> openTrades() {
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
