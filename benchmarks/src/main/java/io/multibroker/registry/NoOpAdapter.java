package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An adapter that does nothing: every order is filled at once with one result made in advance, so that a
 * benchmark measures the runtime's path and not a broker.
 */
public final class NoOpAdapter implements BrokerAdapter {

    public static final Instrument EUR_USD = new Instrument("EUR_USD", InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE,
            new BigDecimal("100000000"), new BigDecimal("0.0333"), -4);

    private final String accountId;
    private final BrokerCapabilities capabilities;
    private final CompletableFuture<OrderResult> filled;

    private static final BrokerCapabilities SHARED = newCapabilities();

    public NoOpAdapter(String accountId) {
        this(accountId, false);
    }

    /** @param shareCapabilities one capabilities object for every such adapter: a smaller working set for the CPU caches */
    public NoOpAdapter(String accountId, boolean shareCapabilities) {
        this.accountId = accountId;
        this.capabilities = shareCapabilities ? SHARED : newCapabilities();
        Instant now = Instant.now();
        this.filled = CompletableFuture.completedFuture(new OrderResult(accountId, "c", "1", "1", "EUR_USD", OrderSide.BUY, OrderType.MARKET,
                OrderStatus.FILLED, BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("1.10000"), now, now, null, null));
    }

    private static BrokerCapabilities newCapabilities() {
        return new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS), Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK)),
                Map.of("EUR_USD", EUR_USD));
    }

    @Override public String brokerType() { return "noop"; }
    @Override public String accountId() { return accountId; }
    @Override public BrokerCapabilities capabilities() { return capabilities; }
    @Override public CompletionStage<Void> connect() { return CompletableFuture.completedFuture(null); }
    @Override public CompletionStage<Void> disconnect() { return CompletableFuture.completedFuture(null); }
    @Override public CompletionStage<OrderResult> placeOrder(UnifiedOrder order) { return filled; }
    @Override public CompletionStage<OrderResult> cancelOrder(String id) { return filled; }
    @Override public CompletionStage<OrderResult> getOrder(String id) { return filled; }
    @Override public CompletionStage<Optional<OrderResult>> findOrderByClientId(String id) { return CompletableFuture.completedFuture(Optional.empty()); }
    @Override public CompletionStage<List<UnifiedPosition>> positions() { return CompletableFuture.completedFuture(List.of()); }
    @Override public CompletionStage<UnifiedAccountSummary> accountSummary() { return CompletableFuture.failedFuture(new UnsupportedOperationException()); }
    @Override public CompletionStage<List<Instrument>> instruments() { return CompletableFuture.completedFuture(List.of(EUR_USD)); }
    @Override public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) { return subscriber -> { }; }
    @Override public CompletionStage<HealthReport> checkHealth() { return CompletableFuture.completedFuture(HealthReport.up()); }
}
