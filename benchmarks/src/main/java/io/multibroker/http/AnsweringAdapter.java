package io.multibroker.http;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.support.OrderEventFanout;
import io.multibroker.registry.NoOpAdapter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/**
 * A broker that fills every market order at once, answering with the order's own ids, and, when told to, publishes
 * the fill as an order event right after its answer (what a broker's event stream does): the runtime's path is
 * measured, not a broker's.
 */
final class AnsweringAdapter implements BrokerAdapter {

    private static final BigDecimal PRICE = new BigDecimal("1.08250");

    private final NoOpAdapter noOp;
    private final ExecutorService eventThreads = Executors.newCachedThreadPool();
    private final OrderEventFanout events;
    private volatile boolean publishFills;

    AnsweringAdapter(String accountId) {
        this.noOp = new NoOpAdapter(accountId);
        this.events = new OrderEventFanout(accountId, eventThreads, 4096);
    }

    /** From now on, each fill is also published as an order event. */
    void publishFills(boolean publish) {
        this.publishFills = publish;
    }

    void close() {
        eventThreads.shutdownNow();
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        Instant now = Instant.now();
        OrderResult filled = new OrderResult(accountId(), order.clientOrderId(), "b-" + order.clientOrderId(), null, order.instrument(),
                order.side(), order.type(), OrderStatus.FILLED, order.units(), order.units(), PRICE, now, now, null, null);
        if (publishFills) {
            events.publish(new OrderEvent(accountId(), OrderEventKind.FILLED, order.clientOrderId(), filled.brokerOrderId(), order.instrument(),
                    order.side(), OrderStatus.FILLED, order.units(), order.units(), order.units(), PRICE, PRICE, null,
                    "e-" + order.clientOrderId(), null, now));
        }
        return CompletableFuture.completedFuture(filled);
    }

    @Override
    public BrokerCapabilities capabilities() {
        BrokerCapabilities declared = noOp.capabilities();
        Set<BrokerCapability> features = EnumSet.copyOf(declared.features());
        features.add(BrokerCapability.ORDER_EVENTS);
        return new BrokerCapabilities(features, declared.timeInForce(), declared.instruments());
    }

    @Override
    public Flow.Publisher<OrderEvent> orderEvents() {
        return events.publisher();
    }

    @Override
    public Set<OrderEventKind> orderEventKinds() {
        return Set.of(OrderEventKind.FILLED);
    }

    @Override public String brokerType() { return noOp.brokerType(); }
    @Override public String accountId() { return noOp.accountId(); }
    @Override public CompletionStage<Void> connect() { return noOp.connect(); }
    @Override public CompletionStage<Void> disconnect() { return noOp.disconnect(); }
    @Override public CompletionStage<OrderResult> cancelOrder(String id) { return noOp.cancelOrder(id); }
    @Override public CompletionStage<OrderResult> getOrder(String id) { return noOp.getOrder(id); }
    @Override public CompletionStage<Optional<OrderResult>> findOrderByClientId(String id) { return noOp.findOrderByClientId(id); }
    @Override public CompletionStage<List<UnifiedPosition>> positions() { return noOp.positions(); }
    @Override public CompletionStage<UnifiedAccountSummary> accountSummary() { return noOp.accountSummary(); }
    @Override public CompletionStage<List<Instrument>> instruments() { return noOp.instruments(); }
    @Override public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) { return noOp.streamPrices(instruments); }
    @Override public CompletionStage<HealthReport> checkHealth() { return noOp.checkHealth(); }
}
