package io.multibroker.paper;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.TradingSession;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** US equities and crypto on a paper account: Alpaca's instruments under their canonical ids, New York's hours, the default unchanged. */
class UsMarketsTest {

    /** A Monday at 15:00 in New York (EST), and the same day at 17:00, after the close. */
    private static final Instant MONDAY_OPEN = Instant.parse("2026-01-12T20:00:00Z");
    private static final Instant MONDAY_CLOSED = Instant.parse("2026-01-12T22:00:00Z");

    private PaperBrokerAdapter adapter;

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
    }

    private PaperBrokerAdapter account(MarketHours hours, Clock clock, AssetClass... classes) throws Exception {
        PaperSettings settings = new PaperSettings();
        settings.accountId = "paper-us";
        settings.latencyMedianMillis = 0;
        settings.assetClasses = EnumSet.of(classes[0], classes);
        settings.instruments = PaperSettings.instruments(null, settings.assetClasses);
        settings.marketHours = hours;
        adapter = new PaperBrokerAdapter(settings, clock);
        adapter.connect().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return adapter;
    }

    private OrderResult place(UnifiedOrder order) throws Exception {
        return adapter.placeOrder(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void equitiesAndCryptoCarryAlpacasRulesUnderCanonicalIds() throws Exception {
        BrokerCapabilities capabilities = account(MarketHours.ALWAYS, Clock.systemUTC(), AssetClass.US_EQUITY, AssetClass.CRYPTO)
                .capabilities();
        Instrument apple = capabilities.instruments().get("AAPL");
        assertEquals(InstrumentType.EQUITY, apple.type());
        assertEquals("AAPL", apple.brokerSymbol());
        assertEquals(2, apple.pricePrecision());
        assertEquals(9, apple.unitsPrecision(), "fractionable: to 9 decimals, as Alpaca allows");
        assertTrue(apple.has(Instrument.FRACTIONABLE));
        Instrument gme = capabilities.instruments().get("GME");
        assertEquals(0, gme.unitsPrecision(), "not fractionable: whole shares");
        assertFalse(gme.has(Instrument.SHORTABLE));
        Instrument bitcoin = capabilities.instruments().get("BTC_USD");
        assertEquals("BTC/USD", bitcoin.brokerSymbol());
        assertEquals(0, new BigDecimal("0.0001").compareTo(bitcoin.minimumSize()));
        assertEquals(0, new BigDecimal("0.000000001").compareTo(bitcoin.unitsIncrement()));
        assertEquals(0, BigDecimal.ONE.compareTo(bitcoin.priceIncrement()));
        assertEquals(0, new BigDecimal("0.1").compareTo(capabilities.instruments().get("ETH_USD").priceIncrement()));
        assertFalse(capabilities.instruments().containsKey("EUR_USD"), "fx is not among the classes");
        assertTrue(capabilities.sessions().containsKey(InstrumentType.EQUITY));
        assertFalse(capabilities.sessions().containsKey(InstrumentType.CRYPTO), "crypto trades around the clock");
    }

    @Test
    void fractionalSharesAndCryptoFillAndTheirIncrementsAreChecked() throws Exception {
        account(MarketHours.ALWAYS, Clock.systemUTC(), AssetClass.US_EQUITY, AssetClass.CRYPTO);
        OrderResult apple = place(UnifiedOrder.market("AAPL", OrderSide.BUY, new BigDecimal("0.5")).timeInForce(TimeInForce.IOC).build());
        assertEquals(OrderStatus.FILLED, apple.status(), String.valueOf(apple.error()));
        assertEquals(2, apple.averageFillPrice().scale(), "a price in cents");
        OrderResult wholeOnly = place(UnifiedOrder.market("GME", OrderSide.BUY, new BigDecimal("1.5")).build());
        assertEquals(ErrorCode.INVALID_QUANTITY, wholeOnly.error().code());
        OrderResult bitcoin = place(UnifiedOrder.market("BTC_USD", OrderSide.BUY, new BigDecimal("0.001")).build());
        assertEquals(OrderStatus.FILLED, bitcoin.status(), String.valueOf(bitcoin.error()));
        OrderResult tooSmall = place(UnifiedOrder.market("BTC_USD", OrderSide.BUY, new BigDecimal("0.00001")).build());
        assertEquals(ErrorCode.INVALID_QUANTITY, tooSmall.error().code());
        OrderResult offIncrement = place(UnifiedOrder.limit("ETH_USD", OrderSide.BUY, BigDecimal.ONE, new BigDecimal("2000.05")).build());
        assertEquals(ErrorCode.INVALID_PRICE, offIncrement.error().code(), "ETH prices go in steps of 0.1");
        assertEquals(0, new BigDecimal("0.5").compareTo(adapter.positions().toCompletableFuture().get().stream()
                .filter(p -> p.instrument().equals("AAPL")).findFirst().orElseThrow().longUnits()));
    }

    @Test
    void equitiesKeepNewYorksHoursAndCryptoTradesAtNight() throws Exception {
        account(MarketHours.NEW_YORK, Clock.fixed(MONDAY_CLOSED, ZoneOffset.UTC), AssetClass.US_EQUITY, AssetClass.CRYPTO);
        TradingSession session = adapter.capabilities().sessions().get(InstrumentType.EQUITY);
        assertFalse(session.open());
        assertEquals(Instant.parse("2026-01-13T14:30:00Z"), session.nextOpen(), "Tuesday 9:30 in New York");
        assertEquals(Instant.parse("2026-01-13T21:00:00Z"), session.nextClose());
        assertTrue(MarketHours.NEW_YORK.sessionAt(MONDAY_OPEN).open());
        assertEquals(Instant.parse("2026-01-12T21:00:00Z"), MarketHours.NEW_YORK.sessionAt(MONDAY_OPEN).nextClose());
        assertFalse(MarketHours.NEW_YORK.openAt(Instant.parse("2026-01-10T16:00:00Z")), "Saturday");
    }

    @Test
    void anOrderThatMustExecuteNowIsRefusedWhileTheMarketIsClosed() throws Exception {
        account(MarketHours.CLOSED, Clock.systemUTC(), AssetClass.US_EQUITY, AssetClass.CRYPTO);
        OrderResult apple = place(UnifiedOrder.market("AAPL", OrderSide.BUY, BigDecimal.ONE).timeInForce(TimeInForce.IOC).build());
        assertEquals(ErrorCode.MARKET_CLOSED, apple.error().code());
        assertEquals(0, adapter.brokerRequestCount(), "refused before it reached the simulated broker");
        OrderResult bitcoin = place(UnifiedOrder.market("BTC_USD", OrderSide.BUY, new BigDecimal("0.01")).build());
        assertEquals(OrderStatus.FILLED, bitcoin.status());
        // a day limit order waits for the open, as at Alpaca
        OrderResult resting = place(UnifiedOrder.limit("AAPL", OrderSide.BUY, BigDecimal.ONE, new BigDecimal("500.00"))
                .timeInForce(TimeInForce.GTC).build());
        assertEquals(OrderStatus.ACCEPTED, resting.status());
    }

    @Test
    void theDefaultAccountIsTheFxAccountItAlwaysWas() throws Exception {
        PaperSettings settings = new PaperSettings();
        assertEquals(Set.of(AssetClass.FX), settings.assetClasses);
        assertEquals(List.copyOf(PaperInstrument.CATALOGUE.values()), settings.instruments);
        assertNull(settings.priceSource);
        settings.accountId = "paper-fx";
        adapter = new PaperBrokerAdapter(settings, Clock.systemUTC());
        assertEquals(Map.of(), adapter.capabilities().sessions());
        assertEquals(PaperInstrument.CATALOGUE.keySet(), adapter.capabilities().instruments().keySet());
    }

    @Test
    void theSchemaRefusesAnInstrumentOutsideTheClassesAndAnAccountQuotingItself() {
        PaperBrokerType type = new PaperBrokerType();
        List<ConfigurationViolation> violations = type.validate(Map.of("account.id", "p", "instruments", "EUR_USD,AAPL"));
        assertEquals(1, violations.size());
        assertEquals("instruments", violations.get(0).key());
        assertTrue(violations.get(0).rule().contains("add us_equity to asset.classes"), violations.get(0).rule());
        assertEquals(List.of(), type.validate(Map.of("account.id", "p", "instruments", new String[] {"EUR_USD", "AAPL"},
                "asset.classes", new String[] {"fx", "us_equity"})));
        assertEquals("asset.classes", type.validate(Map.of("account.id", "p", "asset.classes", "fx,bonds")).get(0).key());
        assertEquals("price.source", type.validate(Map.of("account.id", "p", "price.source", "p")).get(0).key());
    }

    @Test
    void anOrderEnteredWhileTheMarketIsClosedWaitsForTheOpen() throws Exception {
        account(MarketHours.CLOSED, Clock.systemUTC(), AssetClass.US_EQUITY);
        // marketable at once by its price, but not while the market is closed
        OrderResult resting = place(UnifiedOrder.limit("AAPL", OrderSide.BUY, BigDecimal.ONE, new BigDecimal("500.00"))
                .timeInForce(TimeInForce.GTC).build());
        assertEquals(OrderStatus.ACCEPTED, resting.status());
        PaperSettings open = new PaperSettings();
        open.accountId = "paper-us";
        open.latencyMedianMillis = 0;
        open.assetClasses = EnumSet.of(AssetClass.US_EQUITY);
        open.instruments = PaperSettings.instruments(null, open.assetClasses);
        open.marketHours = MarketHours.ALWAYS;
        open.priceInterval = Duration.ofMillis(20);
        adapter.apply(open);
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.getOrder(resting.brokerOrderId()).toCompletableFuture().get()
                .status() == OrderStatus.FILLED);
        OrderResult filled = adapter.getOrder(resting.brokerOrderId()).toCompletableFuture().get();
        assertTrue(filled.averageFillPrice().compareTo(new BigDecimal("500.00")) < 0, "at the market's ask, not the limit");
    }
}
