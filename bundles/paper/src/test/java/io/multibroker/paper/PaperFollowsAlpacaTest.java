package io.multibroker.paper;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.alpaca.AlpacaOnTheStandIn;
import io.multibroker.alpaca.stub.AlpacaStub;
import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
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
import io.multibroker.conformance.Collector;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A paper account following the Alpaca adapter's live prices on the loopback stand-in: the two offer AAPL and BTC_USD
 * alike, paper fills at the prices Alpaca streams, and when that stream stalls paper stops filling and says why.
 */
class PaperFollowsAlpacaTest {

    private AlpacaStub stub;
    private BrokerAdapter alpaca;
    private PaperBrokerAdapter paper;

    /** The Alpaca account as the registry hands it out: UP once connected. */
    private BrokerAccount registered(BrokerAdapter adapter) {
        return new BrokerAccount() {
            @Override
            public String accountId() {
                return adapter.accountId();
            }

            @Override
            public String brokerType() {
                return adapter.brokerType();
            }

            @Override
            public BrokerAdapter adapter() {
                return adapter;
            }

            @Override
            public BrokerCapabilities capabilities() {
                return adapter.capabilities();
            }

            @Override
            public AccountHealth health() {
                return new AccountHealth(HealthStatus.UP, null, null, Duration.ZERO, Instant.now());
            }

            @Override
            public AccountMetrics metrics(Instant since) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @BeforeEach
    void start() throws Exception {
        stub = AlpacaStub.builder().start();
        // a long silence before Alpaca reconnects: the stall below lasts longer than paper's patience
        alpaca = AlpacaOnTheStandIn.adapter(stub, "alpaca-live", Duration.ofSeconds(30));
        alpaca.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        PaperSettings settings = new PaperSettings();
        settings.accountId = "paper-shadow";
        settings.latencyMedianMillis = 0;
        settings.assetClasses = EnumSet.of(AssetClass.US_EQUITY, AssetClass.CRYPTO);
        settings.instruments = PaperSettings.instruments(new String[] {"AAPL,BTC_USD"}, settings.assetClasses);
        settings.marketHours = MarketHours.ALWAYS;
        settings.priceInterval = Duration.ofMillis(50);
        settings.priceSource = "alpaca-live";
        settings.priceStale = Duration.ofMillis(1000);
        BrokerAccount source = registered(alpaca);
        paper = new PaperBrokerAdapter(settings, Clock.systemUTC(), id -> id.equals("alpaca-live") ? Optional.of(source) : Optional.empty());
        paper.connect().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        paper.close();
        AlpacaOnTheStandIn.close(alpaca);
        stub.close();
    }

    @Test
    void paperOffersAlpacasInstrumentsAndFillsAtItsPricesUntilTheyStall() throws Exception {
        for (String symbol : List.of("AAPL", "BTC_USD")) {
            Instrument atAlpaca = alpaca.capabilities().instruments().get(symbol);
            Instrument atPaper = paper.capabilities().instruments().get(symbol);
            assertEquals(atAlpaca.type(), atPaper.type(), symbol);
            assertEquals(atAlpaca.brokerSymbol(), atPaper.brokerSymbol(), symbol);
            assertEquals(atAlpaca.pricePrecision(), atPaper.pricePrecision(), symbol);
            assertEquals(atAlpaca.unitsPrecision(), atPaper.unitsPrecision(), symbol);
            assertEquals(0, atAlpaca.minimumSize().compareTo(atPaper.minimumSize()), symbol);
            assertEquals(String.valueOf(atAlpaca.unitsIncrement()), String.valueOf(atPaper.unitsIncrement()), symbol);
            assertEquals(String.valueOf(atAlpaca.priceIncrement()), String.valueOf(atPaper.priceIncrement()), symbol);
        }
        List<PriceTick> seen = Collector.of(paper.streamPrices(Set.of("AAPL", "BTC_USD"))).items();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(t -> t.instrument().equals("AAPL"))
                && paper.checkHealth().toCompletableFuture().get().status() == HealthStatus.UP);

        OrderResult bought = paper.placeOrder(UnifiedOrder.market("AAPL", OrderSide.BUY, new BigDecimal("2"))
                .timeInForce(TimeInForce.IOC).build()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.FILLED, bought.status(), String.valueOf(bought.error()));
        // the ask of a price Alpaca streamed, which paper's own subscribers were shown too
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(t -> t.instrument().equals("AAPL")
                && t.ask().compareTo(bought.averageFillPrice()) == 0));

        stub.faults().stallDataStreams(Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> paper.checkHealth().toCompletableFuture().get().status() == HealthStatus.DEGRADED);
        OrderResult stalled = paper.placeOrder(UnifiedOrder.market("AAPL", OrderSide.BUY, BigDecimal.ONE).timeInForce(TimeInForce.IOC)
                .build()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, stalled.error().code());
        assertTrue(stalled.error().message().contains("from alpaca-live is"), stalled.error().message());
    }
}
