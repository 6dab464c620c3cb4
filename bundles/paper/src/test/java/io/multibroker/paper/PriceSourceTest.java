package io.multibroker.paper;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.HealthReport;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.PriceFanout;
import io.multibroker.conformance.Collector;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A paper account filling against another account's prices ({@code price.source}), with a source the test drives. */
class PriceSourceTest {

    /** A clock the test moves: staleness without waiting for it (it starts now: the API reads market sessions at the real time). */
    static final class MovingClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** The source account: its prices are what the test publishes; it can be registered or not, UP or not. */
    static final class Source implements BrokerAccount {
        private final ExecutorService delivery = Executors.newSingleThreadExecutor();
        private final PriceFanout prices = new PriceFanout(delivery, 64);
        private final Set<String> quoted;
        volatile HealthStatus status = HealthStatus.UP;

        Source(String... quoted) {
            this.quoted = Set.of(quoted);
        }

        void publish(String symbol, String bid, String ask, Instant time) {
            prices.publish(List.of(new PriceTick(symbol, time, new BigDecimal(bid), new BigDecimal(ask), true)));
        }

        int subscribers() {
            return prices.subscriberCount();
        }

        /** Ends every stream, as an adapter that goes away does. */
        void endStreams() {
            prices.closeAll();
        }

        @Override
        public String accountId() {
            return "live";
        }

        @Override
        public String brokerType() {
            return "alpaca";
        }

        @Override
        public BrokerAdapter adapter() {
            // only the price stream is used by a paper account that follows it
            return (BrokerAdapter) Proxy.newProxyInstance(BrokerAdapter.class.getClassLoader(), new Class<?>[] {BrokerAdapter.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("streamPrices")) {
                            @SuppressWarnings("unchecked")
                            Set<String> wanted = (Set<String>) args[0];
                            return prices.publisher(wanted);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Override
        public BrokerCapabilities capabilities() {
            Map<String, Instrument> instruments = new TreeMap<>();
            quoted.forEach(symbol -> instruments.put(symbol, UsMarkets.EQUITIES.get(symbol).limits()));
            return new BrokerCapabilities(Set.of(), Map.of(), instruments);
        }

        @Override
        public AccountHealth health() {
            return new AccountHealth(status, status == HealthStatus.UP ? null : "stand-in down", null, Duration.ZERO, Instant.now());
        }

        @Override
        public AccountMetrics metrics(Instant since) {
            throw new UnsupportedOperationException();
        }
    }

    private final MovingClock clock = new MovingClock();
    private final AtomicReference<Source> registered = new AtomicReference<>();
    private PaperBrokerAdapter paper;

    @AfterEach
    void close() {
        if (paper != null) {
            paper.close();
        }
        if (registered.get() != null) {
            registered.get().delivery.shutdownNow();
        }
    }

    private PaperBrokerAdapter follow(String... symbols) throws Exception {
        PaperSettings settings = new PaperSettings();
        settings.accountId = "paper-shadow";
        settings.latencyMedianMillis = 0;
        settings.assetClasses = EnumSet.of(AssetClass.US_EQUITY);
        settings.instruments = PaperSettings.instruments(symbols, settings.assetClasses);
        settings.marketHours = MarketHours.ALWAYS;
        settings.priceInterval = Duration.ofMillis(20);
        settings.priceSource = "live";
        settings.priceStale = Duration.ofSeconds(5);
        paper = new PaperBrokerAdapter(settings, clock, id -> id.equals("live") ? Optional.ofNullable(registered.get()) : Optional.empty());
        paper.connect().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return paper;
    }

    private OrderResult place(UnifiedOrder order) throws Exception {
        return paper.placeOrder(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private HealthReport health() throws Exception {
        return paper.checkHealth().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static UnifiedOrder buyAtMarket(String symbol) {
        return UnifiedOrder.market(symbol, OrderSide.BUY, BigDecimal.ONE).timeInForce(TimeInForce.IOC).build();
    }

    @Test
    void withoutItsSourceTheAccountIsDegradedAndTakesNoMarketOrder() throws Exception {
        follow("AAPL");
        HealthReport health = health();
        assertEquals(HealthStatus.DEGRADED, health.status());
        assertTrue(health.reason().contains("price source live is not registered"), health.reason());
        OrderResult market = place(buyAtMarket("AAPL"));
        assertEquals(OrderStatus.REJECTED, market.status());
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, market.error().code());
        assertTrue(market.error().retryable());
        // an order that may wait rests: it is matched once prices flow
        OrderResult resting = place(UnifiedOrder.limit("AAPL", OrderSide.BUY, BigDecimal.ONE, new BigDecimal("100.00"))
                .timeInForce(TimeInForce.GTC).build());
        assertEquals(OrderStatus.ACCEPTED, resting.status());
    }

    @Test
    void fillsAndPricesFollowTheSource() throws Exception {
        Source source = new Source("AAPL");
        registered.set(source);
        follow("AAPL");
        List<PriceTick> seen = Collector.of(paper.streamPrices(Set.of("AAPL"))).items();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.subscribers() == 1);
        source.publish("AAPL", "201.10", "201.12", clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> health().status() == HealthStatus.UP);
        OrderResult bought = place(buyAtMarket("AAPL"));
        assertEquals(OrderStatus.FILLED, bought.status(), String.valueOf(bought.error()));
        assertEquals(new BigDecimal("201.12"), bought.averageFillPrice(), "the source's ask, not the simulated 190");
        OrderResult resting = place(UnifiedOrder.limit("AAPL", OrderSide.BUY, BigDecimal.ONE, new BigDecimal("200.00"))
                .timeInForce(TimeInForce.GTC).build());
        assertEquals(OrderStatus.ACCEPTED, resting.status());
        source.publish("AAPL", "199.97", "199.99", clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> paper.getOrder(resting.brokerOrderId()).toCompletableFuture().get()
                .status() == OrderStatus.FILLED);
        assertEquals(new BigDecimal("199.99"), paper.getOrder(resting.brokerOrderId()).toCompletableFuture().get().averageFillPrice());
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 2);
        assertEquals(List.of(new BigDecimal("201.10"), new BigDecimal("199.97")), seen.stream().map(PriceTick::bid).toList(),
                "subscribers see the source's prices and no simulated ones");
    }

    @Test
    void aStalePriceStopsMarketOrdersUntilTheSourceSpeaksAgain() throws Exception {
        Source source = new Source("AAPL");
        registered.set(source);
        follow("AAPL");
        await().atMost(Duration.ofSeconds(5)).until(() -> source.subscribers() == 1);
        source.publish("AAPL", "201.10", "201.12", clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> health().status() == HealthStatus.UP);
        clock.advance(Duration.ofSeconds(6));
        OrderResult stale = place(buyAtMarket("AAPL"));
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, stale.error().code());
        assertTrue(stale.error().message().contains("6000 ms old (price.stale.ms 5000)"), stale.error().message());
        HealthReport health = health();
        assertEquals(HealthStatus.DEGRADED, health.status());
        assertTrue(health.reason().contains("no price from price source live for 6000 ms"), health.reason());
        source.publish("AAPL", "202.00", "202.02", clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> health().status() == HealthStatus.UP);
        assertEquals(new BigDecimal("202.02"), place(buyAtMarket("AAPL")).averageFillPrice());
    }

    @Test
    void aSourceThatGoesAwayIsFollowedAgainWhenItReturns() throws Exception {
        Source source = new Source("AAPL");
        registered.set(source);
        follow("AAPL");
        await().atMost(Duration.ofSeconds(5)).until(() -> source.subscribers() == 1);
        source.publish("AAPL", "201.10", "201.12", clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> health().status() == HealthStatus.UP);
        // its bundle removed: the account leaves the registry and its streams end
        registered.set(null);
        source.endStreams();
        await().atMost(Duration.ofSeconds(5)).until(() -> health().reason() != null
                && health().reason().contains("price source live is not registered"));
        OrderResult gone = place(buyAtMarket("AAPL"));
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, gone.error().code(), "its last price is young, but its market is gone");
        assertTrue(gone.error().message().contains("price source live is not registered"), gone.error().message());
        Source back = new Source("AAPL");
        back.status = HealthStatus.CONNECTING;
        registered.set(back);
        await().atMost(Duration.ofSeconds(5)).until(() -> health().reason().contains("price source live is CONNECTING"));
        assertEquals(0, back.subscribers(), "not subscribed before the source can serve");
        back.status = HealthStatus.UP;
        await().atMost(Duration.ofSeconds(5)).until(() -> back.subscribers() == 1);
        back.publish("AAPL", "150.00", "150.02", clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> health().status() == HealthStatus.UP);
        assertEquals(new BigDecimal("150.02"), place(buyAtMarket("AAPL")).averageFillPrice());
    }

    @Test
    void anInstrumentTheSourceDoesNotQuoteIsNamed() throws Exception {
        Source source = new Source("AAPL");
        registered.set(source);
        follow("AAPL", "MSFT");
        await().atMost(Duration.ofSeconds(5)).until(() -> source.subscribers() == 1);
        source.publish("AAPL", "201.10", "201.12", clock.instant());
        await().atMost(Duration.ofSeconds(5)).until(() -> health().reason() != null && health().reason().contains("does not quote [MSFT]"));
        assertEquals(HealthStatus.DEGRADED, health().status());
        OrderResult msft = place(buyAtMarket("MSFT"));
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, msft.error().code());
        assertTrue(msft.error().message().contains("price source live does not quote MSFT"), msft.error().message());
        assertEquals(OrderStatus.FILLED, place(buyAtMarket("AAPL")).status());
    }
}
