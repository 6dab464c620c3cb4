package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
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
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;

/** A {@link FakeAdapter} that declares order events and publishes what the test hands it. */
final class EventingAdapter implements BrokerAdapter {

    final FakeAdapter fake;
    final OrderEventFanout events;

    EventingAdapter(String accountId) {
        this.fake = new FakeAdapter(accountId);
        this.events = new OrderEventFanout(accountId, ForkJoinPool.commonPool(), 64);
        Set<BrokerCapability> features = EnumSet.copyOf(fake.capabilities.features());
        features.add(BrokerCapability.ORDER_EVENTS);
        fake.capabilities = new BrokerCapabilities(features, fake.capabilities.timeInForce(), fake.capabilities.instruments());
    }

    @Override
    public Flow.Publisher<OrderEvent> orderEvents() {
        return events.publisher();
    }

    @Override
    public String brokerType() {
        return fake.brokerType();
    }

    @Override
    public String accountId() {
        return fake.accountId();
    }

    @Override
    public BrokerCapabilities capabilities() {
        return fake.capabilities();
    }

    @Override
    public CompletionStage<Void> connect() {
        return fake.connect();
    }

    @Override
    public CompletionStage<Void> disconnect() {
        return fake.disconnect();
    }

    @Override
    public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) {
        return fake.placeOrder(order);
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        return fake.cancelOrder(brokerOrderId);
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        return fake.getOrder(brokerOrderId);
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        return fake.findOrderByClientId(clientOrderId);
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        return fake.positions();
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        return fake.accountSummary();
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return fake.instruments();
    }

    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        return fake.streamPrices(instruments);
    }

    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return fake.checkHealth();
    }
}
