package io.multibroker.quality;

import static io.multibroker.quality.FigureAssertions.assertFigure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.quality.LimitOrderQuality;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
import io.multibroker.api.quality.QualitySummary.LimitOrderMeans;
import io.multibroker.paper.PaperBrokerAdapter;
import io.multibroker.paper.PathPapers;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limit orders on the paper broker with a fixed price path and a clock of the test's, the implementation shortfall horizon
 * 10 s: EUR_USD (spread 1 pip) is quoted at mid 1.10000 (1.09995 / 1.10005) until 5 s after the start and at 1.10030
 * (1.10025 / 1.10035) from then on. Every figure below is worked by hand from that path.
 */
class LimitOrdersOnPaperTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final Duration HORIZON = Duration.ofSeconds(10);
    private static final String ACCOUNT = "paper-lim";

    @TempDir
    Path directory;
    private final SettableClock clock = new SettableClock(T0);
    private final Map<String, Submissions.Submission> submissions = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private JdbcConnectionPool pool;
    private FillQualityStore store;
    private LimitOrderStore limits;
    private PaperBrokerAdapter paper;
    private ReferenceStreams streams;
    private FillRecorder recorder;
    private QuoteHistory prices;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("quality").toAbsolutePath(), "", "");
        store = new FillQualityStore(pool);
        limits = store.limitOrders();
        paper = PathPapers.create(ACCOUNT, clock, "EUR_USD@0=1.10000", "EUR_USD@5000=1.10030");
        Map<String, BrokerAdapter> accounts = Map.of(ACCOUNT, paper);
        streams = new ReferenceStreams(id -> Optional.ofNullable(accounts.get(id)), scheduler, clock, 4096);
        recorder = new FillRecorder(new FillRecorder.Settings(MAX_AGE, Duration.ZERO, 1_000, 1_000, Map.of(), HORIZON), streams,
                (account, order) -> Optional.ofNullable(submissions.get(order)),
                (account, instrument) -> Optional.ofNullable(accounts.get(account)).flatMap(a -> a.capabilities().instrument(instrument))
                        .map(Instrument::pip), store, clock);
        paper.orderEvents().subscribe(new ForwardToRecorder(recorder));
        paper.connect().toCompletableFuture().join();
        prices = streams.history(ACCOUNT, "EUR_USD");
    }

    @AfterEach
    void stop() {
        streams.close();
        PathPapers.close(paper);
        scheduler.shutdownNow();
        pool.dispose();
    }

    @Test
    void limitOrdersAreJudgedOnWhatFilledAndWhatTheMarketTookFromTheRest() throws Exception {
        // 1 s: a buy limit far under the market rests, and is cancelled at 2 s without a fill
        moveClockTo(T0.plusSeconds(1));
        limitIntent("buy-rest", OrderSide.BUY, "1000", "1.09900");
        OrderResult resting = placeLimit("buy-rest", OrderSide.BUY, "1000", "1.09900");
        assertEquals(OrderStatus.ACCEPTED, resting.status(), resting::toString);
        // and a buy limit of 10,000 at 1.10000, of which 6,000 fill at 1.09998 at 2 s before it is cancelled at 3 s (a broker's
        // events, told to the recorder as the registry's merged stream tells them)
        limitIntent("buy-part", OrderSide.BUY, "10000", "1.10000");
        moveClockTo(T0.plusSeconds(2));
        paper.cancelOrder(resting.brokerOrderId()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        recorder.offer(event(OrderEventKind.PARTIALLY_FILLED, "buy-part", OrderSide.BUY, OrderStatus.PARTIALLY_FILLED, "10000", "6000",
                "1.09998", T0.plusSeconds(2)));
        recorder.offer(event(OrderEventKind.CANCELLED, "buy-part", OrderSide.BUY, OrderStatus.CANCELLED, "10000", "6000", "1.09998",
                T0.plusSeconds(3)));
        // 4 s: a sell limit at 1.10025 over the bid 1.09995 rests; at 5 s the bid reaches it and it fills in full there
        moveClockTo(T0.plusSeconds(4));
        limitIntent("sell-fill", OrderSide.SELL, "1000", "1.10025");
        assertEquals(OrderStatus.ACCEPTED, placeLimit("sell-fill", OrderSide.SELL, "1000", "1.10025").status());
        // a market order is no limit order: no row
        submissions.put("market", new Submissions.Submission(clock.instant(), "direct", OrderType.MARKET, new BigDecimal("1000"), null));
        paper.placeOrder(UnifiedOrder.market("EUR_USD", OrderSide.BUY, new BigDecimal("1000")).clientOrderId("market").build())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        moveClockTo(T0.plusSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            recorder.drain();
            return limits.orders(QualityQuery.all()).size() == 3;
        });

        LimitOrderQuality rest = order("buy-rest");
        assertEquals("CANCELLED", rest.endedAs());
        assertEquals(0, rest.filledUnits().signum());
        assertEquals(new BigDecimal("0.000000"), rest.fillRatio());
        assertNull(rest.timeToFill());
        assertNull(rest.averageFillPrice());
        // nothing filled: no executed cost; the opportunity cost waits for the mid at 1 s + 10 s
        assertFigure("0.000000", "0.000000", rest.executedCost());
        assertEquals(MarkoutState.PENDING, rest.horizonState());
        assertNull(rest.implementationShortfall());

        LimitOrderQuality part = order("buy-part");
        assertEquals(new BigDecimal("0.600000"), part.fillRatio());
        // the last fill at 2 s, a second after the submission, not the cancel at 3 s
        assertEquals(Duration.ofSeconds(1), part.timeToFill());
        assertEquals(T0.plusSeconds(3), part.endedAt());
        // (1.09998 - 1.10000) * 6000 / 10000 = -0.000012 = -0.12 pips, -0.000012 / 1.1 * 10^4 = -0.109091 bp
        assertFigure("-0.120000", "-0.109091", part.executedCost());
        assertEquals(MarkoutState.PENDING, part.horizonState());

        LimitOrderQuality sell = order("sell-fill");
        assertEquals("FILLED", sell.endedAs());
        assertEquals(0, new BigDecimal("1.10025").compareTo(sell.averageFillPrice()));
        assertEquals(new BigDecimal("1.000000"), sell.fillRatio());
        assertEquals(Duration.ofSeconds(1), sell.timeToFill());
        // all filled: the shortfall is known at once, -(1.10025 - 1.10000) = -2.5 pips (sold over the arrival mid),
        // -0.00025 / 1.1 * 10^4 = -2.272727 bp
        assertEquals(MarkoutState.MEASURED, sell.horizonState());
        assertFigure("0.000000", "0.000000", sell.opportunityCost());
        assertFigure("-2.500000", "-2.272727", sell.implementationShortfall());

        // 11 s: the horizon of the orders submitted at 1 s; the mid is 1.10030 then
        moveClockTo(T0.plusSeconds(11));
        recorder.drain();
        rest = order("buy-rest");
        assertEquals(MarkoutState.MEASURED, rest.horizonState());
        assertEquals(0, new BigDecimal("1.10030").compareTo(rest.horizonMid()));
        // (1.10030 - 1.10000) * 1000 / 1000 = 3 pips, 0.0003 / 1.1 * 10^4 = 2.727273 bp
        assertFigure("3.000000", "2.727273", rest.opportunityCost());
        assertFigure("3.000000", "2.727273", rest.implementationShortfall());
        part = order("buy-part");
        // the 4,000 unfilled: 0.0003 * 4000 / 10000 = 1.2 pips (1.090909 bp); with the fill's -0.12: 1.08 pips, 0.981818 bp
        assertFigure("1.200000", "1.090909", part.opportunityCost());
        assertFigure("1.080000", "0.981818", part.implementationShortfall());

        // an end reported again by a reconciliation is not a second order
        recorder.offer(event(OrderEventKind.RECONCILED, "buy-part", OrderSide.BUY, OrderStatus.CANCELLED, "10000", "6000", "1.09998",
                T0.plusSeconds(11)));
        recorder.drain();
        assertEquals(3, limits.orders(QualityQuery.all()).size());

        // 12 s: a sell limit submitted, cancelled unfilled at 13 s; then the account stops quoting, so at its horizon (22 s)
        // the last price is 9 s old: a gap, and no opportunity cost rather than one from a stale price
        moveClockTo(T0.plusSeconds(12));
        limitIntent("sell-gap", OrderSide.SELL, "1000", "1.10100");
        moveClockTo(T0.plusSeconds(13));
        recorder.offer(event(OrderEventKind.CANCELLED, "sell-gap", OrderSide.SELL, OrderStatus.CANCELLED, "1000", "0", null,
                T0.plusSeconds(13)));
        recorder.drain();
        paper.disconnect().toCompletableFuture().join();
        clock.set(T0.plusSeconds(23));
        recorder.drain();
        LimitOrderQuality gap = order("sell-gap");
        assertEquals(MarkoutState.GAP, gap.horizonState());
        assertNull(gap.opportunityCost());
        assertNull(gap.implementationShortfall());
        assertNull(gap.horizonMid());
        assertTrue(gap.note().startsWith("no opportunity cost"), gap.note());
        assertEquals(0, recorder.pendingLimitOrders());

        LimitOrderMeans means = limitMeans();
        assertEquals(4, means.orders());
        assertEquals(2, means.filled());
        assertEquals(new BigDecimal("0.500000"), means.filledShare());
        // (0 + 0.6 + 1 + 0) / 4
        assertEquals(new BigDecimal("0.400000"), means.fillRatio());
        assertEquals(0, new BigDecimal("1000").compareTo(means.timeToFillMillis()));
        assertEquals(3, means.measured());
        assertEquals(1, means.gaps());
        assertEquals(0, means.pending());
        // (3 + 1.08 - 2.5) / 3 = 0.526667 pips
        assertEquals(new BigDecimal("0.526667"), means.implementationShortfall().pips());
    }

    @Test
    void anOrderEndingAfterItsHorizonTakesTheMidOfThatMomentFromTheStreamsHistory() throws Exception {
        moveClockTo(T0.plusSeconds(1));
        limitIntent("late", OrderSide.SELL, "2000", "1.10100");
        moveClockTo(T0.plusSeconds(8));
        moveClockTo(T0.plusSeconds(12));
        // cancelled at 12 s, a second after its horizon: the mid at 11 s was 1.10030 (quoted at 8 s), up 3 pips, which a seller gains
        recorder.offer(event(OrderEventKind.EXPIRED, "late", OrderSide.SELL, OrderStatus.CANCELLED, "2000", "0", null, T0.plusSeconds(12)));
        recorder.drain();
        LimitOrderQuality late = order("late");
        assertEquals("EXPIRED", late.endedAs());
        assertEquals(MarkoutState.MEASURED, late.horizonState());
        // -(1.10030 - 1.10000) * 2000 / 2000 = -3 pips
        assertFigure("-3.000000", "-2.727273", late.implementationShortfall());
    }

    private void limitIntent(String clientOrderId, OrderSide side, String units, String price) {
        submissions.put(clientOrderId, new Submissions.Submission(clock.instant(), "direct", OrderType.LIMIT, new BigDecimal(units),
                new BigDecimal(price)));
    }

    private OrderResult placeLimit(String clientOrderId, OrderSide side, String units, String price) throws Exception {
        return paper.placeOrder(UnifiedOrder.limit("EUR_USD", side, new BigDecimal(units), new BigDecimal(price)).clientOrderId(clientOrderId)
                .build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static OrderEvent event(OrderEventKind kind, String clientOrderId, OrderSide side, OrderStatus status, String requested,
            String filled, String averagePrice, Instant time) {
        BigDecimal average = averagePrice == null ? null : new BigDecimal(averagePrice);
        boolean fill = kind == OrderEventKind.PARTIALLY_FILLED || kind == OrderEventKind.FILLED;
        return new OrderEvent(ACCOUNT, kind, clientOrderId, "B-" + clientOrderId, "EUR_USD", side, status, new BigDecimal(requested),
                new BigDecimal(filled), fill ? new BigDecimal(filled) : null, fill ? average : null, average, null, null, null, time);
    }

    private LimitOrderQuality order(String clientOrderId) throws SQLException {
        return limits.orders(QualityQuery.all()).stream().filter(o -> o.clientOrderId().equals(clientOrderId)).findFirst().orElseThrow();
    }

    private LimitOrderMeans limitMeans() throws SQLException {
        List<QualitySummary> summary = QualitySummaries.merge(store.summary(QualityQuery.all()), limits.summary(QualityQuery.all()));
        QualitySummary account = summary.stream().filter(s -> s.accountId().equals(ACCOUNT)).findFirst().orElseThrow();
        assertNotNull(account.limitOrders(), "no limit orders in the summary");
        return account.limitOrders();
    }

    /** Sets the clock and waits until the stream has a price of that very moment. */
    private void moveClockTo(Instant moment) {
        clock.set(moment);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            QuoteHistory.Lookup lookup = prices.at(moment, MAX_AGE);
            return lookup.found() && lookup.tick().time().equals(moment);
        });
    }
}
