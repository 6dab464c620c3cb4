package io.multibroker.sample;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The smallest complete adapter: one instrument at a fixed quote, market orders filled at once,
 * net positions. It declares only MARKET_ORDERS, so it shows how an adapter refuses what it does not
 * offer. Also the bundle that the integration tests drop into {@code deploy/}.
 */
@Component(service = BrokerAdapter.class, configurationPid = SampleBrokerType.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = BrokerAdapter.BROKER_TYPE + "=" + SampleBrokerType.ID)
@Designate(ocd = SampleBrokerConfig.class, factory = true)
public final class SampleBrokerAdapter implements BrokerAdapter {

    private final String accountId;
    private final BigDecimal bid;
    private final BigDecimal ask;
    private final String symbol;
    private final BrokerCapabilities capabilities;
    private final Map<String, OrderResult> orders = new ConcurrentHashMap<>();
    private final Map<String, BigDecimal> netUnits = new ConcurrentHashMap<>();
    private final AtomicLong nextOrderId = new AtomicLong(1);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicBoolean loseNextAnswer = new AtomicBoolean();
    private final AtomicBoolean executeNextLate = new AtomicBoolean();
    /** How long after its request an order of {@link #executeNextOrderLate()} is carried out. */
    static final Duration LATE_EXECUTION = Duration.ofMillis(300);

    @Activate
    public SampleBrokerAdapter(SampleBrokerConfig config) {
        this(config.account_id(), config.instrument(), new BigDecimal(config.bid()), new BigDecimal(config.ask()));
    }

    SampleBrokerAdapter(String accountId, String symbol, BigDecimal bid, BigDecimal ask) {
        this.accountId = accountId;
        this.symbol = symbol;
        this.bid = bid;
        this.ask = ask;
        Instrument instrument = new Instrument(symbol, InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE,
                new BigDecimal("1000000"), new BigDecimal("0.05"), -4);
        this.capabilities = new BrokerCapabilities(Set.of(BrokerCapability.MARKET_ORDERS),
                Map.of(OrderType.MARKET, Set.of(TimeInForce.FOK, TimeInForce.IOC)), Map.of(symbol, instrument));
    }

    @Override
    public String brokerType() {
        return SampleBrokerType.ID;
    }

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public BrokerCapabilities capabilities() {
        return capabilities;
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
        Instant now = Instant.now();
        Optional<ErrorDetail> refusal = capabilities.refusal(order);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(OrderResult.rejected(accountId, order, refusal.get()
                    .withContext(new ErrorContext(accountId, order.orderId(), order.clientOrderId(), order.instrument(), null)), now));
        }
        requests.incrementAndGet();
        if (executeNextLate.compareAndSet(true, false)) {
            // the broker took the request and carries it out later; the answer never comes: the adapter does not know
            CompletableFuture.delayedExecutor(LATE_EXECUTION.toMillis(), TimeUnit.MILLISECONDS).execute(() -> fill(order, Instant.now()));
            return CompletableFuture.completedFuture(unknown(order, "order " + order.clientOrderId() + " got no answer", now));
        }
        OrderResult filled = fill(order, now);
        if (loseNextAnswer.compareAndSet(true, false)) {
            // the order was carried out, its answer lost: all an adapter can honestly say is that it does not know
            return CompletableFuture.completedFuture(unknown(order, "the answer to order " + order.clientOrderId() + " was lost", now));
        }
        return CompletableFuture.completedFuture(filled);
    }

    /** The broker carries the order out: filled at once at the fixed quote. */
    private OrderResult fill(UnifiedOrder order, Instant now) {
        String id = String.valueOf(nextOrderId.getAndIncrement());
        BigDecimal price = order.side() == OrderSide.BUY ? ask : bid;
        OrderResult filled = new OrderResult(accountId, order.clientOrderId(), id, id, order.instrument(), order.side(), order.type(),
                OrderStatus.FILLED, order.units(), order.units(), price, now, now, null, null);
        orders.put(id, filled);
        netUnits.merge(order.instrument(), order.signedUnits(), BigDecimal::add);
        return filled;
    }

    private OrderResult unknown(UnifiedOrder order, String why, Instant now) {
        return OrderResult.unknown(accountId, order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, null,
                why + "; not resent: look at the positions",
                new ErrorContext(accountId, order.orderId(), order.clientOrderId(), order.instrument(), null)), now);
    }

    @Override
    public CompletionStage<OrderResult> cancelOrder(String brokerOrderId) {
        requests.incrementAndGet();
        return getOrder(brokerOrderId);
    }

    @Override
    public CompletionStage<OrderResult> getOrder(String brokerOrderId) {
        requests.incrementAndGet();
        OrderResult order = orders.get(brokerOrderId);
        return order != null ? CompletableFuture.completedFuture(order)
                : CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.ORDER_NOT_FOUND, null,
                        "no order " + brokerOrderId, ErrorContext.account(accountId)));
    }

    @Override
    public CompletionStage<Optional<OrderResult>> findOrderByClientId(String clientOrderId) {
        return CompletableFuture.failedFuture(StandardBrokerError.of(ErrorCode.UNSUPPORTED_OPERATION, null,
                "the sample broker cannot look orders up by client order id", ErrorContext.account(accountId)));
    }

    @Override
    public CompletionStage<List<UnifiedPosition>> positions() {
        List<UnifiedPosition> positions = new ArrayList<>();
        netUnits.forEach((instrument, net) -> {
            if (net.signum() != 0) {
                positions.add(new UnifiedPosition(instrument, net.max(BigDecimal.ZERO), null, net.min(BigDecimal.ZERO).negate(),
                        null, BigDecimal.ZERO, BigDecimal.ZERO));
            }
        });
        return CompletableFuture.completedFuture(positions);
    }

    @Override
    public CompletionStage<UnifiedAccountSummary> accountSummary() {
        return CompletableFuture.completedFuture(new UnifiedAccountSummary(accountId, "USD", BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, positionsCount(), 0, false, Instant.now()));
    }

    private int positionsCount() {
        return (int) netUnits.values().stream().filter(n -> n.signum() != 0).count();
    }

    @Override
    public CompletionStage<List<Instrument>> instruments() {
        return CompletableFuture.completedFuture(List.copyOf(capabilities.instruments().values()));
    }

    /** PRICE_STREAMING is not declared: the stream fails at once with UNSUPPORTED_OPERATION. */
    @Override
    public Flow.Publisher<PriceTick> streamPrices(Set<String> instruments) {
        return BrokerAdapter.failedStream(StandardBrokerError.of(ErrorCode.UNSUPPORTED_OPERATION, null,
                    "the sample broker does not stream prices", ErrorContext.account(accountId)));
    }

    /** The fixed quote, for tests that need a price without a stream. */
    PriceTick quote() {
        return new PriceTick(symbol, Instant.now(), bid, ask, true);
    }

    /**
     * For tests: the next order is carried out and its answer lost, as a connection dropped after the broker took the
     * order loses it (the one outcome a real adapter cannot know).
     */
    void loseNextOrderAnswer() {
        loseNextAnswer.set(true);
    }

    /**
     * For tests: the next order gets no answer and is carried out only {@link #LATE_EXECUTION} later, as a broker that
     * took the request executes it after the adapter stopped waiting.
     */
    void executeNextOrderLate() {
        executeNextLate.set(true);
    }

    long requestCount() {
        return requests.get();
    }

    @Override
    public CompletionStage<HealthReport> checkHealth() {
        return CompletableFuture.completedFuture(HealthReport.up());
    }
}
