package io.multibroker.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.RiskStatus;
import io.multibroker.api.risk.TradingState;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each limit refuses just past its boundary and passes at it, in BigDecimal; states, the kill switch and restarts. */
class RiskEngineTest {

    private static final String ACCOUNT = "paper-fast";
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path directory;

    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final Set<String> live = new HashSet<>();
    private RiskEngine engine;

    private RiskEngine engine(Map<String, Object> global) {
        return engine(global, Instant.parse("2025-03-04T12:00:00Z"));
    }

    private RiskEngine engine(Map<String, Object> global, Instant now) {
        engine = new RiskEngine(global, new EmptyRegistry(), live::contains, directory, Clock.fixed(now, ZoneOffset.UTC), nanos::get);
        AccountRisk account = engine.book().account(ACCOUNT);
        account.currency = "USD";
        return engine;
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.deactivate();
        }
    }

    private static Map<String, Object> limits(String... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static UnifiedOrder buy(String units) {
        return UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal(units)).referencePrice(new BigDecimal("1.10000")).build();
    }

    private static UnifiedOrder sell(String units) {
        return UnifiedOrder.market("EUR_USD", OrderSide.SELL, new BigDecimal(units)).referencePrice(new BigDecimal("1.10000")).build();
    }

    private static UnifiedOrder limitBuy(String units, String price) {
        return UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal(units), new BigDecimal(price)).build();
    }

    private Optional<ErrorDetail> checkAndAnswer(UnifiedOrder order) {
        Optional<ErrorDetail> refusal = engine.check(ACCOUNT, order);
        if (refusal.isEmpty()) {
            engine.answered(ACCOUNT, order, filled(order));
        }
        return refusal;
    }

    private static OrderResult filled(UnifiedOrder order) {
        Instant now = Instant.now();
        return new OrderResult(ACCOUNT, order.clientOrderId(), "b-" + order.clientOrderId(), null, order.instrument(), order.side(),
                order.type(), OrderStatus.FILLED, order.units(), order.units(), new BigDecimal("1.10000"), now, now, null, null);
    }

    private static void assertRefused(Optional<ErrorDetail> refusal, String... words) {
        assertTrue(refusal.isPresent(), "refused");
        assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, refusal.get().code());
        assertFalse(refusal.get().retryable());
        for (String word : words) {
            assertTrue(refusal.get().message().contains(word), refusal.get().message() + " names " + word);
        }
    }

    @Test
    void maxOrderUnitsPassesAtTheLimitAndRefusesTheSmallestStepBeyond() {
        engine(limits("max.order.units", "1000"));
        assertTrue(checkAndAnswer(buy("1000")).isEmpty());
        assertRefused(checkAndAnswer(buy("1000.000000001")), "max.order.units", "global", "1000", "1000.000000001");
    }

    @Test
    void accountAndInstrumentUnitLimitsHoldBesideTheGlobalOne() {
        engine(limits("max.order.units", "1000"));
        engine.accountLimits(ACCOUNT, limits("account.id", ACCOUNT, "max.order.units", "500", "instrument.limits", "EUR_USD:max.order.units=200"));
        assertTrue(checkAndAnswer(buy("200")).isEmpty());
        assertRefused(checkAndAnswer(buy("200.1")), "max.order.units", "account paper-fast for EUR_USD", "200", "200.1");
    }

    @Test
    void maxOrderNotionalIsExactAtTheBoundary() {
        engine(limits("max.order.notional", "1100"));
        // 1000 at 1.10000 is 1100.00000 USD exactly: in; 1000 at 1.10001 is 1100.01: out
        assertTrue(checkAndAnswer(limitBuy("1000", "1.10000")).isEmpty());
        assertRefused(checkAndAnswer(limitBuy("1000", "1.10001")), "max.order.notional", "1100", "1100.01");
        // a market order is valued at its reference price when no quote is known yet
        assertTrue(checkAndAnswer(buy("1000")).isEmpty());
        assertRefused(checkAndAnswer(buy("1000.00001")), "max.order.notional");
    }

    @Test
    void notionalOfAPairWhoseBaseIsTheAccountCurrencyIsItsUnits() {
        engine(limits("max.order.notional", "1000"));
        UnifiedOrder atLimit = UnifiedOrder.limit("USD_JPY", OrderSide.BUY, new BigDecimal("1000"), new BigDecimal("150.000")).build();
        UnifiedOrder beyond = UnifiedOrder.limit("USD_JPY", OrderSide.BUY, new BigDecimal("1001"), new BigDecimal("150.000")).build();
        assertTrue(engine.check(ACCOUNT, atLimit).isEmpty());
        assertRefused(engine.check(ACCOUNT, beyond), "max.order.notional", "1001");
    }

    @Test
    void maxPositionUnitsCountsWhatIsHeldAndWhatIsInFlight() {
        engine(limits("max.position.units", "1000"));
        AccountRisk account = engine.book().account(ACCOUNT);
        synchronized (account) {
            account.position("EUR_USD").reported(new BigDecimal("400"));
        }
        UnifiedOrder first = buy("300");
        assertTrue(engine.check(ACCOUNT, first).isEmpty());
        // 400 held + 300 in flight + 300 = 1000: at the limit
        UnifiedOrder second = buy("300");
        assertTrue(engine.check(ACCOUNT, second).isEmpty());
        assertRefused(engine.check(ACCOUNT, buy("0.5")), "max.position.units", "1000", "1000.5");
        engine.answered(ACCOUNT, first, filled(first));
        engine.answered(ACCOUNT, second, filled(second));
        assertRefused(engine.check(ACCOUNT, buy("1")), "max.position.units", "1001");
        // an order that reduces the position always passes the position limits
        assertTrue(checkAndAnswer(sell("1")).isEmpty());
        assertTrue(checkAndAnswer(buy("1")).isEmpty());
    }

    @Test
    void aFillToldByTheAnswerAndByAnEventCountsOnce() {
        engine(limits("max.position.units", "1000"));
        UnifiedOrder order = buy("600");
        assertTrue(engine.check(ACCOUNT, order).isEmpty());
        engine.answered(ACCOUNT, order, filled(order));
        engine.usage().event(OrderEvent.of(OrderEventKind.FILLED, filled(order), null,
                Instant.now()));
        assertTrue(checkAndAnswer(buy("400")).isEmpty());
        assertRefused(engine.check(ACCOUNT, buy("1")), "max.position.units");
    }

    @Test
    void maxPositionNotionalAtTheLastQuote() {
        engine(limits("max.position.notional", "2200"));
        engine.book().account(ACCOUNT).quotes.put("EUR_USD", Quote.of(new BigDecimal("1.10000")));
        engine.book().account(ACCOUNT).quoted.add("EUR_USD");
        assertTrue(checkAndAnswer(buy("2000")).isEmpty());
        assertRefused(engine.check(ACCOUNT, buy("0.01")), "max.position.notional", "2200", "2200.011");
    }

    /**
     * A replace is judged as the order it would make, against the per-order and position limits, and counts nothing: a
     * small order replaced into a large one is refused as the large one would be.
     */
    @Test
    void aReplaceIsJudgedAsTheOrderItWouldMakeAndCountsNothing() {
        engine(limits("max.order.units", "1000", "max.order.notional", "1100", "max.position.units", "1500"));
        engine.accountLimits(ACCOUNT, limits("account.id", ACCOUNT, "max.open.orders", "1", "max.orders.per.second", "1"));
        AccountRisk account = engine.book().account(ACCOUNT);
        synchronized (account) {
            account.position("EUR_USD").reported(new BigDecimal("600"));
        }
        assertTrue(engine.replaceRefusal(ACCOUNT, limitBuy("900", "1.10000")).isEmpty());
        assertRefused(engine.replaceRefusal(ACCOUNT, limitBuy("900000", "1.10000")), "max.order.units", "1000", "900000");
        assertRefused(engine.replaceRefusal(ACCOUNT, limitBuy("1000", "1.10001")), "max.order.notional", "1100", "1100.01");
        // 600 held + 950 = 1550 > 1500
        assertRefused(engine.replaceRefusal(ACCOUNT, limitBuy("950", "1.00000")), "max.position.units", "1500", "1550");
        // nothing was counted: one open order and one order a second are still there for a new order, and taken by it
        assertTrue(engine.check(ACCOUNT, limitBuy("1", "1.00000")).isEmpty());
        assertRefused(engine.check(ACCOUNT, limitBuy("1", "1.00000")), "max.open.orders");
        // a replace adds no open order: it is judged on its size and the position (601 with the order in flight)
        assertTrue(engine.replaceRefusal(ACCOUNT, limitBuy("899", "1.10000")).isEmpty());
        assertRefused(engine.replaceRefusal(ACCOUNT, limitBuy("900", "1.10000")), "max.position.units", "1501");
    }

    /**
     * A limits configuration the configuration guard refuses never reaches the engine, the one before staying in force:
     * the status (risk:limits, risk:status, the metrics) names the refusal all the same.
     */
    @Test
    void aConfigurationTheGuardRefusedIsNamedInTheStatusWhileTheOneBeforeHolds() {
        engine(limits("max.order.units", "1000"));
        engine.accountLimits(ACCOUNT, limits("account.id", ACCOUNT, "max.order.units", "500"));
        Map<String, List<ConfigurationViolation>> refused = Map.of(
                "risk", List.of(new ConfigurationViolation("max.order.units", "-5", "must be positive")),
                "risk-account:" + ACCOUNT, List.of(new ConfigurationViolation("max.order.units", "abc", "not a decimal number")));
        engine.bindConfigurationHistory((ConfigurationHistory) Proxy.newProxyInstance(ConfigurationHistory.class.getClassLoader(),
                new Class<?>[] {ConfigurationHistory.class}, (proxy, method, args) -> "refusal".equals(method.getName())
                        ? refused.getOrDefault((String) args[0], List.of()) : null));
        List<RiskStatus> status = engine.status();
        RiskStatus global = status.stream().filter(s -> s.accountId() == null).findFirst().orElseThrow();
        RiskStatus account = status.stream().filter(s -> ACCOUNT.equals(s.accountId())).findFirst().orElseThrow();
        assertEquals(List.of("latest configuration refused, the one before stays in force: max.order.units=-5: must be positive"),
                global.problems());
        assertEquals(List.of("latest configuration refused, the one before stays in force: max.order.units=abc: not a decimal number"),
                account.problems());
        assertTrue(checkAndAnswer(buy("500")).isEmpty());
        assertRefused(checkAndAnswer(buy("500.1")), "max.order.units", "500");
    }

    @Test
    void maxOpenOrdersCountsOrdersInFlightAndWorking() {
        engine(limits());
        engine.accountLimits(ACCOUNT, limits("account.id", ACCOUNT, "max.open.orders", "2"));
        UnifiedOrder first = limitBuy("1", "1.00000");
        UnifiedOrder second = limitBuy("1", "1.00000");
        assertTrue(engine.check(ACCOUNT, first).isEmpty());
        assertTrue(engine.check(ACCOUNT, second).isEmpty());
        assertRefused(engine.check(ACCOUNT, limitBuy("1", "1.00000")), "max.open.orders", "2", "would be 3");
        Instant now = Instant.now();
        // the first rests at the broker (still open), the second fills (no longer open)
        engine.answered(ACCOUNT, first, new OrderResult(ACCOUNT, first.clientOrderId(), "b1", null, "EUR_USD", OrderSide.BUY, OrderType.LIMIT,
                OrderStatus.ACCEPTED, BigDecimal.ONE, BigDecimal.ZERO, null, now, now, null, null));
        engine.answered(ACCOUNT, second, filled(second));
        assertTrue(engine.check(ACCOUNT, limitBuy("1", "1.00000")).isEmpty());
        assertRefused(engine.check(ACCOUNT, limitBuy("1", "1.00000")), "max.open.orders");
    }

    @Test
    void ordersPerSecondIsASlidingWindow() {
        engine(limits("max.orders.per.second", "3"));
        for (int i = 0; i < 3; i++) {
            assertTrue(checkAndAnswer(buy("1")).isEmpty());
            nanos.addAndGet(100_000_000L);
        }
        assertRefused(checkAndAnswer(buy("1")), "max.orders.per.second", "3", "would be 4");
        // the first order leaves the window exactly one second after it was taken
        nanos.set(1_000 * SECOND + SECOND - 1);
        assertRefused(checkAndAnswer(buy("1")), "max.orders.per.second");
        nanos.set(1_000 * SECOND + SECOND);
        assertTrue(checkAndAnswer(buy("1")).isEmpty());
    }

    @Test
    void ordersPerMinutePerAccountAndAChangeAppliesToTheNextOrder() {
        engine(limits());
        engine.accountLimits(ACCOUNT, limits("account.id", ACCOUNT, "max.orders.per.minute", "2"));
        assertTrue(checkAndAnswer(buy("1")).isEmpty());
        assertTrue(checkAndAnswer(buy("1")).isEmpty());
        assertRefused(checkAndAnswer(buy("1")), "max.orders.per.minute", "account paper-fast", "2");
        engine.accountLimits(ACCOUNT, limits("account.id", ACCOUNT, "max.orders.per.minute", "3"));
        assertTrue(checkAndAnswer(buy("1")).isEmpty());
        assertRefused(checkAndAnswer(buy("1")), "max.orders.per.minute", "3");
        nanos.addAndGet(60 * SECOND);
        assertTrue(checkAndAnswer(buy("1")).isEmpty());
    }

    @Test
    void aGlobalLimitChangedLiveAppliesToTheNextOrder() {
        engine(limits("max.order.units", "1000"));
        assertTrue(checkAndAnswer(buy("900")).isEmpty());
        engine.globalLimits(limits("max.order.units", "800"));
        assertRefused(checkAndAnswer(buy("900")), "max.order.units", "800", "900");
        engine.globalLimits(limits());
        assertTrue(checkAndAnswer(buy("900")).isEmpty());
    }

    @Test
    void priceCollarAroundTheLastQuote() {
        engine(limits("price.collar.percent", "5"));
        engine.book().account(ACCOUNT).quotes.put("EUR_USD", Quote.of(new BigDecimal("1.10000")));
        engine.book().account(ACCOUNT).quoted.add("EUR_USD");
        assertTrue(checkAndAnswer(limitBuy("1", "1.15500")).isEmpty());
        assertRefused(checkAndAnswer(limitBuy("1", "1.15501")), "price.collar.percent", "5", "1.15501", "1.1");
        assertTrue(checkAndAnswer(limitBuy("1", "1.04500")).isEmpty());
        assertRefused(checkAndAnswer(limitBuy("1", "1.04499")), "price.collar.percent");
    }

    @Test
    void dailyLossBeyondTheLimitMovesTheAccountToReducing() {
        engine(limits("max.daily.loss", "10.00"));
        DailyLossWatch watch = engine.dailyLossWatch();
        AccountRisk account = engine.book().account(ACCOUNT);
        watch.summary(account, summary("100000.00"));
        UnifiedOrder opening = buy("100");
        assertTrue(checkAndAnswer(opening).isEmpty());
        watch.summary(account, summary("99990.00"));
        assertEquals(TradingState.ACTIVE, engine.state(ACCOUNT), "a loss of exactly the limit is within it");
        watch.summary(account, summary("99989.99"));
        assertEquals(TradingState.REDUCING, engine.state(ACCOUNT));
        assertRefused(checkAndAnswer(buy("1")), "REDUCING", "daily loss 10.01");
        assertRefused(checkAndAnswer(sell("101")), "REDUCING");
        assertTrue(checkAndAnswer(sell("100")).isEmpty(), "closing the position reduces it");
        assertRefused(checkAndAnswer(sell("1")), "REDUCING");
    }

    @Test
    void dailyLossActionHaltedByConfiguration() {
        engine(limits("max.daily.loss", "10", "daily.loss.action", "HALTED"));
        AccountRisk account = engine.book().account(ACCOUNT);
        engine.dailyLossWatch().summary(account, summary("1000"));
        engine.dailyLossWatch().summary(account, summary("989"));
        assertEquals(TradingState.HALTED, engine.state(ACCOUNT));
    }

    @Test
    void theDailyLossBaselineSurvivesARestartInTheMiddleOfTheDay() {
        engine(limits("max.daily.loss", "10"));
        AccountRisk account = engine.book().account(ACCOUNT);
        engine.dailyLossWatch().summary(account, summary("1000.00"));
        engine.dailyLossWatch().summary(account, summary("995.00"));
        assertEquals(new BigDecimal("5.00"), account.dailyLoss());
        engine.deactivate();

        // the same trading day (17:00 New York to 17:00): the loss is measured from the value kept before the restart
        engine(limits("max.daily.loss", "10"), Instant.parse("2025-03-04T20:00:00Z"));
        AccountRisk restarted = engine.book().account(ACCOUNT);
        engine.dailyLossWatch().summary(restarted, summary("990.00"));
        assertEquals(new BigDecimal("10.00"), restarted.dailyLoss());
        assertEquals(TradingState.ACTIVE, engine.state(ACCOUNT), "a loss of exactly the limit is within it");
        engine.dailyLossWatch().summary(restarted, summary("989.99"));
        assertEquals(TradingState.REDUCING, engine.state(ACCOUNT));
    }

    @Test
    void aBaselineOfAnEarlierDayIsNotCarriedIntoTheNext() {
        engine(limits("max.daily.loss", "10"));
        AccountRisk account = engine.book().account(ACCOUNT);
        engine.dailyLossWatch().summary(account, summary("1000.00"));
        engine.deactivate();

        // after the next reset (2025-03-04 17:00 New York is 22:00 UTC): a new day, measured from its own first value
        engine(limits("max.daily.loss", "10"), Instant.parse("2025-03-04T22:00:00Z"));
        AccountRisk nextDay = engine.book().account(ACCOUNT);
        engine.dailyLossWatch().summary(nextDay, summary("980.00"));
        assertEquals(0, nextDay.dailyLoss().signum());
        assertEquals(TradingState.ACTIVE, engine.state(ACCOUNT));
        engine.deactivate();

        // and that new baseline is the one kept
        engine(limits("max.daily.loss", "10"), Instant.parse("2025-03-05T03:00:00Z"));
        AccountRisk later = engine.book().account(ACCOUNT);
        engine.dailyLossWatch().summary(later, summary("975.00"));
        assertEquals(new BigDecimal("5.00"), later.dailyLoss());
    }

    @Test
    void reducingPassesAnOrderUpToThePositionOnEitherSideAndNothingBeyond() {
        engine(limits());
        assertTrue(checkAndAnswer(buy("100")).isEmpty());
        engine.book().states.set(ACCOUNT, TradingState.REDUCING, "test", "alice", false);
        // long 100: a sell of up to 100 reduces it; a buy, or a sell the smallest step beyond, does not
        assertTrue(engine.stateRefusal(ACCOUNT, sell("100")).isEmpty());
        assertRefused(engine.stateRefusal(ACCOUNT, sell("100.00001")), "REDUCING");
        assertRefused(engine.stateRefusal(ACCOUNT, buy("0.00001")), "REDUCING");
        engine.book().states.set(ACCOUNT, TradingState.ACTIVE, "test", "alice", false);
        assertTrue(checkAndAnswer(sell("200")).isEmpty());
        engine.book().states.set(ACCOUNT, TradingState.REDUCING, "test", "alice", false);
        // short 100: the mirror image
        assertTrue(engine.stateRefusal(ACCOUNT, buy("100")).isEmpty());
        assertRefused(engine.stateRefusal(ACCOUNT, buy("100.00001")), "REDUCING");
        assertRefused(engine.stateRefusal(ACCOUNT, sell("0.00001")), "REDUCING");
    }

    private static UnifiedAccountSummary summary(String nav) {
        return new UnifiedAccountSummary(ACCOUNT, "USD", new BigDecimal(nav), new BigDecimal(nav), BigDecimal.ZERO, BigDecimal.ZERO,
                new BigDecimal(nav), 0, 0, false, Instant.now());
    }

    @Test
    void haltRefusesEverythingAndSurvivesARestart() throws Exception {
        engine(limits());
        engine.halt(null, "fat finger on desk 3", "alice", false, false).toCompletableFuture().get();
        assertRefused(checkAndAnswer(buy("1")), "HALTED", "alice", "fat finger on desk 3");
        engine.deactivate();
        engine(limits());
        assertEquals(TradingState.HALTED, engine.state(ACCOUNT));
        assertRefused(checkAndAnswer(buy("1")), "HALTED");
        engine.resume(null, "checked", "bob", false);
        assertTrue(checkAndAnswer(buy("1")).isEmpty());
        String journal = Files.readString(directory.resolve("risk-journal.log"));
        assertTrue(journal.contains("ACTIVE -> HALTED\talice\tfat finger on desk 3"), journal);
        assertTrue(journal.contains("HALTED -> ACTIVE\tbob\tchecked"), journal);
    }

    @Test
    void everyChangeOfStateIsWrittenToTheOrderJournalWithWhoWhyScopeAndTime() throws Exception {
        List<List<Object>> written = new CopyOnWriteArrayList<>();
        OrderJournal journal = (OrderJournal) Proxy.newProxyInstance(OrderJournal.class.getClassLoader(), new Class<?>[] {OrderJournal.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("tradingState")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    written.add(Arrays.asList(args));
                    return CompletableFuture.completedFuture(null);
                });
        engine(limits("max.daily.loss", "10"));
        engine.useOrderJournal(journal);
        Instant now = Instant.parse("2025-03-04T12:00:00Z");

        engine.halt(null, "fat finger on desk 3", "alice", false, false).toCompletableFuture().get();
        engine.resume(null, "checked", "bob", false);
        engine.halt(ACCOUNT, "runaway", "alice", false, false).toCompletableFuture().get();
        engine.resume(ACCOUNT, null, "bob", false);
        // the risk layer's own change: a daily-loss breach
        AccountRisk account = engine.book().account(ACCOUNT);
        engine.dailyLossWatch().summary(account, summary("1000"));
        engine.dailyLossWatch().summary(account, summary("989"));

        assertEquals(List.of(
                Arrays.asList(null, TradingState.ACTIVE, TradingState.HALTED, "alice", "fat finger on desk 3", now),
                Arrays.asList(null, TradingState.HALTED, TradingState.ACTIVE, "bob", "checked", now),
                Arrays.asList(ACCOUNT, TradingState.ACTIVE, TradingState.HALTED, "alice", "runaway", now),
                Arrays.asList(ACCOUNT, TradingState.HALTED, TradingState.ACTIVE, "bob", "resumed", now)), written.subList(0, 4));
        List<Object> breach = written.get(4);
        assertEquals(Arrays.asList(ACCOUNT, TradingState.ACTIVE, TradingState.REDUCING, "risk"), breach.subList(0, 4));
        assertTrue(String.valueOf(breach.get(4)).contains("daily loss 11"), String.valueOf(breach.get(4)));
        assertEquals(5, written.size());
    }

    @Test
    void aJournalThatFailsDoesNotStopTheHalt() throws Exception {
        OrderJournal broken = (OrderJournal) Proxy.newProxyInstance(OrderJournal.class.getClassLoader(), new Class<?>[] {OrderJournal.class},
                (proxy, method, args) -> {
                    throw new IllegalStateException("database down");
                });
        engine(limits());
        engine.useOrderJournal(broken);
        engine.halt(null, "fat finger", "alice", false, false).toCompletableFuture().get();
        assertRefused(checkAndAnswer(buy("1")), "HALTED", "fat finger");
        assertTrue(Files.readString(directory.resolve("risk-journal.log")).contains("ACTIVE -> HALTED\talice\tfat finger"));
    }

    @Test
    void anAccountHaltOnlyStopsThatAccount() throws Exception {
        engine(limits());
        engine.halt(ACCOUNT, "runaway", "alice", false, false).toCompletableFuture().get();
        assertRefused(checkAndAnswer(buy("1")), "account paper-fast is HALTED");
        assertTrue(engine.check("paper-slow", buy("1")).isEmpty());
        assertTrue(engine.stateRefusal(ACCOUNT, buy("1")).isPresent());
        assertTrue(engine.stateRefusal("paper-slow", buy("1")).isEmpty());
    }

    @Test
    void aLiveAccountStartsHaltedAndResumesOnlyWithLive() {
        live.add("oanda-live");
        engine(limits());
        assertEquals(TradingState.HALTED, engine.state("oanda-live"));
        assertRefused(engine.check("oanda-live", buy("1")), "HALTED", "environment=live", "--live");
        assertThrows(IllegalStateException.class, () -> engine.resume("oanda-live", null, "alice", false));
        engine.resume("oanda-live", "go live", "alice", true);
        assertTrue(engine.check("oanda-live", buy("1")).isEmpty());
    }

    @Test
    void invalidLimitsFailClosedAndALaterRefusalKeepsTheOnesBefore() {
        engine(limits("max.order.units", "lots"));
        Optional<ErrorDetail> refusal = engine.check(ACCOUNT, buy("1"));
        assertTrue(refusal.isPresent());
        assertEquals(ErrorCode.CONFIGURATION_INVALID, refusal.get().code());
        assertTrue(refusal.get().message().contains("max.order.units=lots: not a decimal number"), refusal.get().message());
        engine.globalLimits(limits("max.order.units", "10"));
        assertTrue(checkAndAnswer(buy("10")).isEmpty());
        engine.globalLimits(limits("max.order.units", "-5"));
        assertRefused(checkAndAnswer(buy("11")), "max.order.units", "10");
        assertTrue(engine.status().get(0).problems().get(0).contains("max.order.units=-5: must be positive"));
    }

    @Test
    void statusShowsUsageAndHeadroom() {
        engine(limits("max.position.units", "1000"));
        engine.accountLimits(ACCOUNT, limits("account.id", ACCOUNT, "max.orders.per.minute", "10"));
        assertTrue(checkAndAnswer(buy("250")).isEmpty());
        var account = engine.status().stream().filter(s -> ACCOUNT.equals(s.accountId())).findFirst().orElseThrow();
        var position = account.limits().stream().filter(l -> l.limit().equals("max.position.units")).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("250").compareTo(position.usage()));
        assertEquals(0, new BigDecimal("750").compareTo(position.headroom()));
        var rate = account.limits().stream().filter(l -> l.limit().equals("max.orders.per.minute")).findFirst().orElseThrow();
        assertEquals(0, BigDecimal.ONE.compareTo(rate.usage()));
        assertEquals(0, new BigDecimal("9").compareTo(rate.headroom()));
    }

    @Test
    void theGlobalScopeListsEveryGlobalLimitBeforeAnyAccountIsKnown() {
        engine = new RiskEngine(limits("max.order.units", "1000", "instrument.limits", "EUR_USD:max.position.units=5000"), new EmptyRegistry(),
                live::contains, directory, Clock.fixed(Instant.parse("2025-03-04T12:00:00Z"), ZoneOffset.UTC), nanos::get);
        var global = engine.status().get(0);
        assertEquals(null, global.accountId());
        assertTrue(global.limits().stream().anyMatch(l -> l.limit().equals("max.order.units") && l.instrument() == null
                && new BigDecimal("1000").compareTo(l.value()) == 0), global.limits().toString());
        assertTrue(global.limits().stream().anyMatch(l -> l.limit().equals("max.position.units") && "EUR_USD".equals(l.instrument())),
                global.limits().toString());
    }
}
