package io.multibroker.quality;

import static io.multibroker.quality.FigureAssertions.assertFigure;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
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
 * Markouts on the paper broker with a fixed price path and a clock of the test's: EUR_USD (spread 1 pip) is quoted at mid
 * 1.10000 (1.09995 / 1.10005) until 3 s after the start and at 1.10040 from then on. A market buy and a market sell at
 * 1 s fill at the ask and the bid; their markouts at 1 s and 5 s follow from the path by hand, and the 60 s one falls in a
 * gap (the account stopped quoting), so it is not taken.
 */
class MarkoutsOnPaperTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    @TempDir
    Path directory;
    private final SettableClock clock = new SettableClock(T0);
    private final Map<String, Submissions.Submission> submissions = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private JdbcConnectionPool pool;
    private FillQualityStore store;
    private PaperBrokerAdapter paper;
    private PaperBrokerAdapter reference;
    private ReferenceStreams streams;
    private FillRecorder recorder;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("quality").toAbsolutePath(), "", "");
        store = new FillQualityStore(pool);
        paper = PathPapers.create("paper-tca", clock, "EUR_USD@0=1.10000", "EUR_USD@3000=1.10040");
        // the experiment's reference account quotes 1 pip higher throughout
        reference = PathPapers.create("paper-ref", clock, "EUR_USD@0=1.10010");
        Map<String, BrokerAdapter> accounts = Map.of("paper-tca", paper, "paper-ref", reference);
        streams = new ReferenceStreams(id -> Optional.ofNullable(accounts.get(id)), scheduler, clock, 4096);
        recorder = new FillRecorder(new FillRecorder.Settings(MAX_AGE, Duration.ZERO, 1_000, 1_000, Map.of("demo", "paper-ref")),
                streams, (account, order) -> Optional.ofNullable(submissions.get(order)),
                (account, instrument) -> Optional.ofNullable(accounts.get(account)).flatMap(a -> a.capabilities().instrument(instrument))
                        .map(Instrument::pip), store, clock);
        paper.orderEvents().subscribe(new ForwardToRecorder(recorder));
        paper.connect().toCompletableFuture().join();
        reference.connect().toCompletableFuture().join();
    }

    @AfterEach
    void stop() {
        streams.close();
        PathPapers.close(paper);
        PathPapers.close(reference);
        scheduler.shutdownNow();
        pool.dispose();
    }

    @Test
    void markoutsFollowThePricePathAndAGapGivesNone() throws Exception {
        QuoteHistory own = streams.history("paper-tca", "EUR_USD");
        QuoteHistory ref = streams.history("paper-ref", "EUR_USD");
        moveClockTo(T0.plusSeconds(1), own, ref);
        submissions.put("buy-1", new Submissions.Submission(clock.instant(), "direct"));
        submissions.put("sell-1", new Submissions.Submission(clock.instant(), "experiment demo arm paper-tca"));
        assertEquals(new BigDecimal("1.10005"), place("buy-1", OrderSide.BUY).averageFillPrice());
        assertEquals(new BigDecimal("1.09995"), place("sell-1", OrderSide.SELL).averageFillPrice());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            recorder.drain();
            return store.fills(QualityQuery.all()).size() == 2;
        });

        FillQuality buy = fill("buy-1");
        assertEquals("paper-tca", buy.referenceAccount());
        assertEquals(0, new BigDecimal("1.10000").compareTo(buy.arrivalMid()));
        // 2 * (1.10005 - 1.10000) = 1 pip = 0.0001 / 1.1 = 0.909091 bp; at the ask: E/Q 1, no improvement
        assertFigure("1.000000", "0.909091", buy.effectiveSpread());
        assertEquals(0, BigDecimal.ONE.compareTo(buy.effectiveOverQuoted()));
        assertEquals(0, buy.priceImprovement().pips().signum());
        assertNull(buy.experiment());

        FillQuality sell = fill("sell-1");
        // judged against the experiment's reference account: mid 1.10010, so the sell at 1.09995 paid
        // -2 * (1.09995 - 1.10010) = 3 pips, 0.0003 / 1.1001 = 2.727025 bp
        assertEquals("paper-ref", sell.referenceAccount());
        assertEquals("demo", sell.experiment());
        assertEquals("paper-tca", sell.arm());
        assertFigure("3.000000", "2.727025", sell.effectiveSpread());
        assertEquals(MarkoutState.PENDING, sell.markout(MarkoutHorizon.ONE_SECOND).orElseThrow().state());

        // 1 s: the mid is still 1.10000 at the own account; 1.10010 at the reference
        moveClockTo(T0.plusSeconds(2), own, ref);
        recorder.drain();
        // buy: 1.10000 - 1.10005 = -0.5 pips, -0.00005 / 1.10005 = -0.454525 bp
        assertFigure("-0.500000", "-0.454525", markout("buy-1", MarkoutHorizon.ONE_SECOND));
        // sell: -(1.10010 - 1.09995) = -1.5 pips, of the fill price 1.09995: -1.363698 bp
        assertFigure("-1.500000", "-1.363698", markout("sell-1", MarkoutHorizon.ONE_SECOND));
        assertEquals(MarkoutState.PENDING, fill("buy-1").markout(MarkoutHorizon.FIVE_SECONDS).orElseThrow().state());

        // 5 s: the own account's mid moved to 1.10040 at 3 s
        moveClockTo(T0.plusSeconds(6), own, ref);
        recorder.drain();
        // buy: 1.10040 - 1.10005 = +3.5 pips, 0.00035 / 1.10005 = 3.181674 bp
        assertFigure("3.500000", "3.181674", markout("buy-1", MarkoutHorizon.FIVE_SECONDS));
        assertFigure("-1.500000", "-1.363698", markout("sell-1", MarkoutHorizon.FIVE_SECONDS));

        // both accounts stop quoting: at 60 s the last prices are 55 s old, a gap, so there is no markout
        paper.disconnect().toCompletableFuture().join();
        reference.disconnect().toCompletableFuture().join();
        clock.set(T0.plusSeconds(61));
        recorder.drain();
        assertEquals(MarkoutState.GAP, fill("buy-1").markout(MarkoutHorizon.ONE_MINUTE).orElseThrow().state());
        assertEquals(MarkoutState.GAP, fill("sell-1").markout(MarkoutHorizon.ONE_MINUTE).orElseThrow().state());
        assertNull(fill("buy-1").markout(MarkoutHorizon.ONE_MINUTE).orElseThrow().value());
        assertEquals(0, recorder.pendingFills());

        List<QualitySummary> summary = store.summary(new QualityQuery("paper-tca", null, null, null, 0));
        assertEquals(1, summary.size());
        QualitySummary account = summary.get(0);
        assertEquals(2, account.fills());
        assertEquals(2, account.quoted());
        // (1 + 3) / 2 pips
        assertEquals(new BigDecimal("2.000000"), account.effectiveSpread().pips());
        QualitySummary.MarkoutMean fiveSeconds = account.markouts().get(1);
        assertEquals(MarkoutHorizon.FIVE_SECONDS, fiveSeconds.horizon());
        assertEquals(2, fiveSeconds.measured());
        // (3.5 - 1.5) / 2
        assertEquals(new BigDecimal("1.000000"), fiveSeconds.mean().pips());
        QualitySummary.MarkoutMean minute = account.markouts().get(2);
        assertEquals(0, minute.measured());
        assertEquals(2, minute.gaps());
        assertNull(minute.mean());
    }

    @Test
    void aFillReportedTwiceIsRecordedOnce() throws Exception {
        QuoteHistory own = streams.history("paper-tca", "EUR_USD");
        moveClockTo(T0.plusSeconds(1), own);
        submissions.put("buy-2", new Submissions.Submission(clock.instant(), "direct"));
        OrderResult result = place("buy-2", OrderSide.BUY);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            recorder.drain();
            return store.fills(QualityQuery.all()).size() == 1;
        });
        // the journal's reconciliation reports the same fill again
        recorder.offer(OrderEvent.of(OrderEventKind.RECONCILED, result, "reconciled", clock.instant()));
        recorder.drain();
        assertEquals(1, store.fills(QualityQuery.all()).size());
    }

    /** Sets the clock and waits until each history has a price of that very moment. */
    private void moveClockTo(Instant moment, QuoteHistory... histories) {
        clock.set(moment);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (QuoteHistory history : histories) {
                QuoteHistory.Lookup lookup = history.at(moment, MAX_AGE);
                if (!lookup.found() || !lookup.tick().time().equals(moment)) {
                    return false;
                }
            }
            return true;
        });
    }

    private OrderResult place(String clientOrderId, OrderSide side) throws Exception {
        OrderResult result = paper.placeOrder(UnifiedOrder.market("EUR_USD", side, new BigDecimal("1000")).clientOrderId(clientOrderId)
                .build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(OrderStatus.FILLED, result.status(), () -> result.toString());
        return result;
    }

    private FillQuality fill(String clientOrderId) throws SQLException {
        return store.fills(QualityQuery.all()).stream().filter(f -> f.clientOrderId().equals(clientOrderId)).findFirst().orElseThrow();
    }

    private Figure markout(String clientOrderId, MarkoutHorizon horizon) throws SQLException {
        return fill(clientOrderId).markout(horizon).orElseThrow().value();
    }
}
