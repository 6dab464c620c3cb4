package io.multibroker.journal;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A broker whose records a test sets: orders by broker id, which lookups by client id find, and which are open. */
final class FakeBroker implements BrokerAdapter {

    final String accountId;
    final Map<String, OrderResult> orders = new ConcurrentHashMap<>();
    /** Lookups by client order id that answer "not found" before the broker shows the order (read-after-write lag). */
    final AtomicInteger lookupsBeforeVisible = new AtomicInteger();
    final List<String> lookups = new CopyOnWriteArrayList<>();
    /** Lookups by client order id that fail with NETWORK_ERROR (the broker out of reach) before any answers. */
    final AtomicInteger lookupsDown = new AtomicInteger();
    /** Placements that reached this broker. */
    final AtomicInteger placed = new AtomicInteger();
    /** What a placement does: the journal never places orders, a test through the registry's handle sets it. */
    volatile Function<UnifiedOrder, CompletionStage<OrderResult>> onPlace = order -> {
        throw new UnsupportedOperationException("the journal never places orders");
    };
    Set<BrokerCapability> features = EnumSet.of(BrokerCapability.MARKET_ORDERS, BrokerCapability.LIMIT_ORDERS,
            BrokerCapability.CLIENT_ORDER_ID_LOOKUP, BrokerCapability.OPEN_ORDERS);

    FakeBroker(String accountId) {
        this.accountId = accountId;
    }

    static OrderResult result(String accountId, String clientOrderId, String brokerOrderId, OrderStatus status, String filled,
            String price) {
        return new OrderResult(accountId, clientOrderId, brokerOrderId, null, "EUR_USD", OrderSide.BUY, OrderType.LIMIT, status,
                new BigDecimal("1000"), new BigDecimal(filled), price == null ? null : new BigDecimal(price), Instant.now(), Instant.now(),
                null, null);
    }

    void put(OrderResult result) {
        orders.put(result.brokerOrderId(), result);
    }

    @Override
    public String brokerType() {
        return "fake";
    }

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public BrokerCapabilities capabilities() {
        return new BrokerCapabilities(features, Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK), OrderType.LIMIT, Set.of(TimeInForce.GTC)),
                Map.of());
    }

    @Override
    public CompletionStage<Void> connect() {
        return CompletableFuture.completedFuture(null);
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
        throw new UnsupportedOperationException("the journal never cancels orders");
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        lookups.add("id:" + brokerOrderId);
        OrderResult found = orders.get(brokerOrderId);
        return found != null ? CompletableFuture.completedFuture(found)
                : CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.ORDER_NOT_FOUND, "no order " + brokerOrderId));
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        lookups.add("client:" + clientOrderId);
        if (lookupsDown.getAndUpdate(down -> Math.max(0, down - 1)) > 0) {
            return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.NETWORK_ERROR, "the broker is out of reach"));
        }
        if (lookupsBeforeVisible.getAndDecrement() > 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.completedFuture(orders.values().stream().filter(o -> clientOrderId.equals(o.clientOrderId())).findFirst());
    }

    /** When set, the list of open orders is answered only once it completes (a broker slow to answer). */
    volatile CompletableFuture<Void> openOrdersAnswer;

    @Override
    public CompletionStage<List<OrderResult>> openOrders() {
        List<OrderResult> open = new ArrayList<>();
        orders.values().stream().filter(o -> o.status() == OrderStatus.ACCEPTED || o.status() == OrderStatus.PARTIALLY_FILLED)
                .forEach(open::add);
        CompletableFuture<Void> answer = openOrdersAnswer;
        return answer == null ? CompletableFuture.completedFuture(open) : answer.thenApply(answered -> open);
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "not here"));
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        return BrokerAdapter.failedStream(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "no prices"));
    }

    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return CompletableFuture.completedFuture(HealthReport.up());
    }
}
