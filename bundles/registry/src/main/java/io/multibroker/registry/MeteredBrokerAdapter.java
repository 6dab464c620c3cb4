package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.cluster.OrderForwarding;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.LatencyMinute;
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
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.support.OrderEventFanout;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * <li>a failed {@code placeOrder}, or one answered REJECTED, is a REJECTED result when the error is the broker's refusal, or a
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
    /** An order for an account another runtime drives, sent to that runtime: timed apart from this broker's placements. */
    static final String FORWARD_ORDER = "forwardOrder";
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
    private final CallMeters meters;
    private final OrderJournalling journalling;
    private final OrderEventFanout events;
    private final Supplier<PreTradeCheck> preTradeCheck;
    private final FailedPlacement failedPlacement;
    private final ReplaceGate replaceGate;
    private final Supplier<OrderForwarding> forwarding;

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
        this(delegate, acceptingOrders, observer, journal, delivery, preTradeCheck, () -> null);
    }

    /**
     * @param forwarding sends orders for an account another runtime drives to that runtime, or null when runtimes do not
     *     share a database
     */
    MeteredBrokerAdapter(BrokerAdapter delegate, BooleanSupplier acceptingOrders, CallObserver observer,
            Supplier<OrderJournal> journal, Executor delivery, Supplier<PreTradeCheck> preTradeCheck,
            Supplier<OrderForwarding> forwarding) {
        this.forwarding = forwarding;
        this.delegate = delegate;
        this.preTradeCheck = preTradeCheck;
        this.acceptingOrders = acceptingOrders;
        this.meters = new CallMeters(delegate, observer);
        this.journalling = new OrderJournalling(delegate.accountId(), journal, meters);
        this.events = new OrderEventFanout(delegate.accountId(), delivery, EVENT_BUFFER);
        this.failedPlacement = new FailedPlacement(delegate, meters::asBrokerError, this::findOrderByClientId);
        // the broker's answer to getOrder does not repeat a resting order's price: the journal, which sent it, has it
        this.replaceGate = new ReplaceGate(delegate.accountId(), this::getOrder, brokerOrderId -> Optional.ofNullable(journal.get())
                .flatMap(known -> known.order(delegate.accountId(), brokerOrderId)).map(JournalOrder::price));
    }

    /** Everything measured from {@code since} to now. */
    AccountMetrics metrics(Instant since) {
        return meters.metrics(since);
    }

    /** The operation's latency in each minute of the last hour that had calls; empty for an operation never called. */
    List<LatencyMinute> latencyByMinute(String operation) {
        return meters.latencyByMinute(operation);
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        return placeOrder(order, DIRECT);
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order, String routing) {
        Instant submittedAt = Instant.now();
        OrderForwarding forwarder = forwarding.get();
        if (forwarder != null && forwarder.forwards(accountId())) {
            // the runtime that drives the account checks, journals and sends it: nothing of that happens here
            return forwarded(forwarder, order, submittedAt);
        }
        if (!acceptingOrders.getAsBoolean()) {
            OrderResult refused = OrderResult.rejected(accountId(), order, new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, false,
                    null, "account " + accountId() + " is not accepting orders (stopped, down, connecting or being reconciled)",
                    new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(), null)), submittedAt);
            meters.failed(PLACE_ORDER, 0, refused.error());
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

    /** Sent to the runtime that drives the account; its answer is the order's answer, a failure an unknown outcome. */
    private CompletionStage<OrderResult> forwarded(OrderForwarding forwarder, UnifiedOrder order, Instant submittedAt) {
        long start = System.nanoTime();
        CompletionStage<OrderResult> stage;
        try {
            stage = forwarder.forward(accountId(), order);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((result, failure) -> {
            OrderResult known = failure == null && result != null ? result : OrderResult.unknown(accountId(), order,
                    ErrorDetail.of(ErrorCode.UNKNOWN_OUTCOME, "order " + order.clientOrderId() + " was forwarded to the runtime that "
                            + "drives account " + accountId() + " and its answer is not known (" + failure + "): send it again with "
                            + "the same client order id to learn how it stands, never as a new order").withContext(
                            new ErrorContext(accountId(), order.orderId(), order.clientOrderId(), order.instrument(), null)),
                    submittedAt);
            return meters.placed(FORWARD_ORDER, order, known, System.nanoTime() - start);
        });
    }

    /** A refusal of the risk layer: counted and journalled like any refusal, never sent. */
    private OrderResult riskRefused(UnifiedOrder order, ErrorDetail refusal, Instant submittedAt) {
        OrderResult refused = OrderResult.rejected(accountId(), order, refusal.withContext(new ErrorContext(accountId(), order.orderId(),
                order.clientOrderId(), order.instrument(), null)), submittedAt);
        meters.failed(PLACE_ORDER, 0, refused.error());
        OrderJournal current = journalling.current();
        if (current != null) {
            journalling.answer(current, OrderJournal.REFUSED_BEFORE_SENDING, refused);
        }
        return refused;
    }

    private CompletionStage<OrderResult> journalledAndSent(UnifiedOrder order, String routing, Instant submittedAt) {
        return journalling.place(order, routing, submittedAt, () -> send(order, submittedAt));
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
            // neither a failure nor a REJECTED answer is taken at the adapter's word: either may follow a sent order
            CompletionStage<OrderResult> outcome = failure == null ? failedPlacement.outcome(order, result, submittedAt)
                    : failedPlacement.outcome(order, failure, submittedAt);
            return outcome.thenApply(known -> meters.placed(PLACE_ORDER, order, known, nanos));
        }).thenCompose(outcome -> outcome);
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
        return meters.timed("connect", delegate::connect);
    }

    @Override
    public CompletionStage<Void> disconnect() {
        return meters.timed("disconnect", delegate::disconnect);
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        OrderJournal current = journalling.current();
        CompletionStage<OrderResult> cancelled = meters.timed("cancelOrder", () -> delegate.cancelOrder(brokerOrderId));
        return current == null ? cancelled : cancelled.thenApply(result -> journalling.answer(current, "cancelOrder", result));
    }

    /**
     * A replace is an order: it waits for the account to take orders, and with a journal its intent (the replacing order,
     * linked to the one it replaces) is committed before it is sent.
     */
    @Override
    public CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        if (!acceptingOrders.getAsBoolean()) {
            meters.refusedUntold(REPLACE_ORDER, ErrorCode.BROKER_UNAVAILABLE);
            return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.BROKER_UNAVAILABLE, null, "account " + accountId()
                    + " is not accepting orders (stopped, down, connecting or being reconciled)",
                    new ErrorContext(accountId(), brokerOrderId, replacement.clientOrderId(), null, null)));
        }
        PreTradeCheck gate = preTradeCheck.get();
        if (gate == null) {
            return journalledReplace(brokerOrderId, replacement);
        }
        return replaceGate.refusal(gate, brokerOrderId, replacement).thenCompose(refusal -> {
            if (refusal.isEmpty()) {
                return journalledReplace(brokerOrderId, replacement);
            }
            StandardBrokerError refused = new StandardBrokerError(refusal.get().withContext(new ErrorContext(accountId(), brokerOrderId,
                    replacement.clientOrderId(), null, null)));
            meters.failed(REPLACE_ORDER, 0, refused.detail());
            return CompletableFuture.<OrderResult>failedFuture(refused);
        });
    }

    /** Sends the replace, its intent committed first when there is a journal. */
    private CompletionStage<OrderResult> journalledReplace(String brokerOrderId, OrderReplacement replacement) {
        return journalling.replace(brokerOrderId, replacement,
                () -> meters.timed(REPLACE_ORDER, () -> delegate.replaceOrder(brokerOrderId, replacement)));
    }

    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        return meters.timed("openOrders", delegate::openOrders);
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
        return meters.timed("getOrder", () -> delegate.getOrder(brokerOrderId));
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        return meters.timed("findOrderByClientId", () -> delegate.findOrderByClientId(clientOrderId));
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        return meters.timed("positions", delegate::positions);
    }

    @Override
    public CompletionStage<List<OrderResult>> closePosition(String instrument) {
        OrderJournal current = journalling.current();
        CompletionStage<List<OrderResult>> closed = meters.timed("closePosition", () -> delegate.closePosition(instrument));
        return current == null ? closed : closed.thenApply(results -> {
            results.forEach(result -> journalling.answer(current, "closePosition", result));
            return results;
        });
    }

    @Override
    public CompletionStage<List<UnifiedTrade>> openTrades() {
        return meters.timed("openTrades", delegate::openTrades);
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        return meters.timed("accountSummary", delegate::accountSummary);
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return meters.timed("instruments", delegate::instruments);
    }

    /** Each tick delivered counts as a priceStream call whose latency is the tick's age on delivery. */
    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        Flow.Publisher<PriceTick> source;
        try {
            source = delegate.streamPrices(instruments);
        } catch (RuntimeException e) {
            return BrokerAdapter.failedStream(meters.asBrokerError(e));
        }
        return meters.metered(PRICE_STREAM, source);
    }

    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return meters.timed("checkHealth", delegate::checkHealth);
    }
}
