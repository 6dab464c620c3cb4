package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A scriptable adapter: what connect, health and placeOrder answer is set by each test. */
final class FakeAdapter implements BrokerAdapter {

    static final Instrument EUR_USD = new Instrument("EUR_USD", InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE,
            new BigDecimal("1000000"), new BigDecimal("0.05"), -4);

    final String accountId;
    volatile CompletionStage<Void> connectResult = CompletableFuture.completedFuture(null);
    volatile HealthReport health = HealthReport.up();
    volatile Function<UnifiedOrder, CompletionStage<OrderResult>> onPlace = order -> CompletableFuture.completedFuture(
            new OrderResult(accountId(), order.clientOrderId(), "1", null, order.instrument(), order.side(), order.type(),
                    OrderStatus.FILLED, order.units(), order.units(), new BigDecimal("1.1"), Instant.now(), Instant.now(), null, null));
    /** What a lookup by client order id answers: by default, that the broker has no such order. */
    volatile Function<String, CompletionStage<Optional<OrderResult>>> onFind = clientOrderId ->
            CompletableFuture.completedFuture(Optional.empty());
    final List<String> lookedUp = new CopyOnWriteArrayList<>();
    /** What getOrder answers: by default it throws, as a broken adapter might. */
    volatile Function<String, CompletionStage<OrderResult>> onGet = brokerOrderId -> {
        throw new IllegalStateException("a broken adapter that throws");
    };
    /** The replaces that reached the adapter, as "broker order id -> units". */
    final List<String> replaced = new CopyOnWriteArrayList<>();
    final AtomicInteger connects = new AtomicInteger();
    final AtomicInteger placed = new AtomicInteger();
    /** When set, capabilities() throws it, as an adapter re-reading its instruments might. */
    volatile RuntimeException capabilitiesFailure;

    FakeAdapter(String accountId) {
        this.accountId = accountId;
    }

    @Override
    public String brokerType() {
        return "fake";
    }

    @Override
    public String accountId() {
        return accountId;
    }

    volatile BrokerCapabilities capabilities = new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS),
            Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK)), Map.of("EUR_USD", EUR_USD));

    @Override
    public BrokerCapabilities capabilities() {
        RuntimeException failure = capabilitiesFailure;
        if (failure != null) {
            throw failure;
        }
        return capabilities;
    }

    @Override
    public CompletionStage<Void> connect() {
        connects.incrementAndGet();
        return connectResult;
    }

    @Override
    public CompletionStage<Void> disconnect() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        placed.incrementAndGet();
        return onPlace.apply(order);
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.ORDER_NOT_FOUND, "no order " + brokerOrderId));
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        return onGet.apply(brokerOrderId);
    }

    /** When set, a replace fails with it, as a broker refusing it (or leaving its outcome unknown) would. */
    volatile StandardBrokerError replaceFailure;

    @Override
    public CompletionStage<OrderResult> replaceOrder(String brokerOrderId, OrderReplacement replacement) {
        replaced.add(brokerOrderId + " -> " + replacement.units());
        if (replaceFailure != null) {
            return CompletableFuture.failedFuture(replaceFailure);
        }
        return CompletableFuture.completedFuture(new OrderResult(accountId(), replacement.clientOrderId(), brokerOrderId + "-r", null,
                "EUR_USD", null, OrderType.LIMIT, OrderStatus.ACCEPTED, replacement.units(), BigDecimal.ZERO, null, Instant.now(),
                Instant.now(), null, null));
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        lookedUp.add(clientOrderId);
        return onFind.apply(clientOrderId);
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return CompletableFuture.completedFuture(List.of(EUR_USD));
    }

    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        return subscriber -> { };
    }

    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return CompletableFuture.completedFuture(health);
    }
}
