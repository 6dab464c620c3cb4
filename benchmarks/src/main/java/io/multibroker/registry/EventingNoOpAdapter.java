package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.support.OrderEventFanout;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/**
 * A no-op broker ({@link NoOpAdapter}) that also declares order events (fills) and publishes the ones it is handed, as
 * a broker's event stream would: the benchmarks of the event path and of the HTTP API measure the runtime, not a broker.
 */
public class EventingNoOpAdapter implements BrokerAdapter {

    private final NoOpAdapter noOp;
    private final ExecutorService eventThreads = Executors.newCachedThreadPool();
    private final OrderEventFanout events;

    public EventingNoOpAdapter(String accountId) {
        this.noOp = new NoOpAdapter(accountId);
        this.events = new OrderEventFanout(accountId, eventThreads, 4096);
    }

    /** Hands an event to the account's subscribers. */
    public void publish(OrderEvent event) {
        events.publish(event);
    }

    public int subscriberCount() {
        return events.subscriberCount();
    }

    public void close() {
        eventThreads.shutdownNow();
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
    @Override public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) { return noOp.placeOrder(order); }
    @Override public CompletionStage<OrderResult> cancelOrder(String id) { return noOp.cancelOrder(id); }
    @Override public CompletionStage<OrderResult> getOrder(String id) { return noOp.getOrder(id); }
    @Override public CompletionStage<Optional<OrderResult>> findOrderByClientId(String id) { return noOp.findOrderByClientId(id); }
    @Override public CompletionStage<List<UnifiedPosition>> positions() { return noOp.positions(); }
    @Override public CompletionStage<UnifiedAccountSummary> accountSummary() { return noOp.accountSummary(); }
    @Override public CompletionStage<List<Instrument>> instruments() { return noOp.instruments(); }
    @Override public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) { return noOp.streamPrices(instruments); }
    @Override public CompletionStage<HealthReport> checkHealth() { return noOp.checkHealth(); }
}
