package io.multibroker.paper;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The account's order calls: each is checked against the account's capabilities first (refused without reaching the
 * simulated broker), then sent to the {@link PaperExchange} of the simulation in force and answered after its latency,
 * possibly rejected with the configured probability. Counts the requests that reach the simulated broker.
 */
final class OrderDesk {

    private final String accountId;
    private final Clock clock;
    private final SimulatedLatency latency;
    private final Supplier<Simulation> simulation;
    /** The account's capabilities now, with the equity session of the moment. */
    private final Supplier<BrokerCapabilities> capabilities;
    private final BooleanSupplier connected;
    private final AtomicLong brokerRequests = new AtomicLong();
    /** A fault for tests: the next order reaches the simulated broker and its answer is lost on the way back. */
    private final AtomicBoolean loseNextOrderAnswer = new AtomicBoolean();
    /** A fault for tests: the next order reaches the simulated broker, which carries it out only later. */
    private final AtomicBoolean executeNextOrderLate = new AtomicBoolean();
    /** Client order ids of orders the simulated broker has taken and not yet carried out (executeNextOrderLate). */
    private final Set<String> onTheirWay = ConcurrentHashMap.newKeySet();
    /** How long after its request an order of {@link #executeNextOrderLate()} is carried out. */
    static final Duration LATE_EXECUTION = Duration.ofMillis(300);

    OrderDesk(String accountId, Clock clock, SimulatedLatency latency, Supplier<Simulation> simulation,
            Supplier<BrokerCapabilities> capabilities, BooleanSupplier connected) {
        this.accountId = accountId;
        this.clock = clock;
        this.latency = latency;
        this.simulation = simulation;
        this.capabilities = capabilities;
        this.connected = connected;
    }

    CompletionStage<OrderResult> place(UnifiedOrder order) {
        Instant submittedAt = clock.instant();
        Simulation current = simulation.get();
        Optional<ErrorDetail> refusal = capabilities.get().refusal(order);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order,
                    refusal.get().withContext(context(order)), submittedAt));
        }
        if (!connected.getAsBoolean()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order,
                    new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, true, null, "paper account " + accountId + " is not connected",
                            context(order)), submittedAt));
        }
        Optional<String> noPrice = noLivePrice(current, order);
        if (noPrice.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order,
                    new ErrorDetail(ErrorCode.BROKER_UNAVAILABLE, true, "STALE_PRICE", noPrice.get(), context(order)), submittedAt));
        }
        brokerRequests.incrementAndGet();
        return latency.after(current, () -> {
            Instant now = clock.instant();
            ErrorCode rejectCode = current.settings().rejectCode;
            if (current.simulatedRejection()) {
                return OrderResult.rejected(accountId, order, new ErrorDetail(rejectCode, rejectCode.retryable(),
                        "SIMULATED_" + rejectCode, "simulated rejection (" + rejectCode + ")", context(order)), now);
            }
            if (executeNextOrderLate.compareAndSet(true, false)) {
                // the simulated broker took the request and carries it out later; the connection drops before any answer
                onTheirWay.add(order.clientOrderId());
                CompletableFuture.delayedExecutor(LATE_EXECUTION.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                    try {
                        current.exchange().submit(order, submittedAt, clock.instant(), current.settings().slippagePipsMean);
                    } finally {
                        onTheirWay.remove(order.clientOrderId());
                    }
                });
                throw StandardBrokerError.of(ErrorCode.NETWORK_ERROR, null, "simulated: the connection dropped before the answer",
                        context(order));
            }
            OrderResult result = current.exchange().submit(order, submittedAt, now, current.settings().slippagePipsMean);
            if (loseNextOrderAnswer.compareAndSet(true, false)) {
                throw StandardBrokerError.of(ErrorCode.NETWORK_ERROR, null, "simulated: the connection dropped before the answer",
                        context(order));
            }
            return result;
        }).exceptionally(failure -> {
            // the call failed (the account closed, the answer was lost): the simulated broker's book says whether the
            // order reached it, which a failure alone cannot; only an order it neither holds nor has on its way is
            // certainly not executed
            Optional<OrderResult> placed = current.exchange().orderByClientId(order.clientOrderId());
            if (placed.isPresent()) {
                return placed.get();
            }
            StandardBrokerError error = StandardBrokerError.from(failure);
            if (onTheirWay.contains(order.clientOrderId())) {
                return OrderResult.unknown(accountId, order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, error.brokerCode(),
                        "the simulated broker has the order and has not carried it out yet (" + error.code() + ": "
                                + error.brokerMessage() + "): look it up by client order id, never resend", context(order)), clock.instant());
            }
            return OrderResult.rejected(accountId, order, error.detail().withContext(context(order)), clock.instant());
        });
    }

    /**
     * Why an order that must execute now (market, IOC, FOK) cannot, when the account fills against a price source whose
     * price of the instrument is missing or stale: no fill on a price that may no longer be the market's.
     */
    private static Optional<String> noLivePrice(Simulation current, UnifiedOrder order) {
        PriceSource source = current.quotes().source();
        boolean now = order.type() == OrderType.MARKET || order.timeInForce() == TimeInForce.IOC || order.timeInForce() == TimeInForce.FOK;
        if (source == null || !now || !source.covers(order.instrument())) {
            return Optional.empty();
        }
        return source.whyNotExecutable(order.instrument());
    }

    CompletionStage<OrderResult> replace(String brokerOrderId, OrderReplacement replacement) {
        Simulation current = simulation.get();
        Optional<UnifiedOrder> original = current.exchange().request(brokerOrderId);
        if (original.isEmpty()) {
            return CompletableFuture.failedFuture(notFound(brokerOrderId));
        }
        UnifiedOrder replacing;
        try {
            replacing = replacement.applyTo(original.get());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.INVALID_ORDER, null, e.getMessage(),
                    context(original.get()).withOrder(brokerOrderId, replacement.clientOrderId())));
        }
        Optional<ErrorDetail> refusal = capabilities.get().refusal(replacing);
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(new StandardBrokerError(refusal.get().withContext(context(replacing))));
        }
        brokerRequests.incrementAndGet();
        return latency.after(current, () -> current.exchange().replace(brokerOrderId, replacement, clock.instant(),
                current.settings().slippagePipsMean).orElseThrow(() -> notFound(brokerOrderId)));
    }

    CompletionStage<OrderResult> cancel(String brokerOrderId) {
        brokerRequests.incrementAndGet();
        Simulation current = simulation.get();
        return latency.after(current, () -> current.exchange().cancel(brokerOrderId, clock.instant()).orElseThrow(() -> notFound(brokerOrderId)));
    }

    CompletionStage<OrderResult> get(String brokerOrderId) {
        brokerRequests.incrementAndGet();
        Simulation current = simulation.get();
        return latency.after(current, () -> current.exchange().order(brokerOrderId).orElseThrow(() -> notFound(brokerOrderId)));
    }

    CompletionStage<Optional<OrderResult>> findByClientId(String clientOrderId) {
        brokerRequests.incrementAndGet();
        Simulation current = simulation.get();
        return latency.after(current, () -> current.exchange().orderByClientId(clientOrderId));
    }

    CompletionStage<List<OrderResult>> openOrders() {
        brokerRequests.incrementAndGet();
        Simulation current = simulation.get();
        return latency.after(current, current.exchange()::openOrders);
    }

    CompletionStage<List<OrderResult>> closePosition(String instrument) {
        Simulation current = simulation.get();
        if (!current.capabilities().instruments().containsKey(instrument)) {
            return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.INVALID_SYMBOL, null, "not tradeable at "
                    + accountId + ": " + instrument, ErrorContext.account(accountId)));
        }
        brokerRequests.incrementAndGet();
        return latency.after(current, () -> {
            List<OrderResult> closed = current.exchange().closePosition(instrument, clock.instant(), current.settings().slippagePipsMean);
            if (closed.isEmpty()) {
                throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, "POSITION_DOESNT_EXIST", "no open position in " + instrument
                        + " at " + accountId, new ErrorContext(accountId, null, null, instrument, null));
            }
            return closed;
        });
    }

    /** The next order is carried out by the simulated broker and its answer lost, as a dropped connection loses it. */
    void loseNextOrderAnswer() {
        loseNextOrderAnswer.set(true);
    }

    /**
     * The next order reaches the simulated broker, which carries it out only {@link #LATE_EXECUTION} later; its answer is
     * lost, as a dropped connection loses it.
     */
    void executeNextOrderLate() {
        executeNextOrderLate.set(true);
    }

    /** Requests sent to the simulated broker: what the conformance suite counts. */
    long brokerRequestCount() {
        return brokerRequests.get();
    }

    private StandardBrokerError notFound(String orderId) {
        return StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, "ORDER_DOESNT_EXIST", "no order " + orderId + " at " + accountId,
                new ErrorContext(accountId, orderId, null, null, null));
    }

    private ErrorContext context(UnifiedOrder order) {
        return new ErrorContext(accountId, order.orderId(), order.clientOrderId(), order.instrument(), null);
    }
}
