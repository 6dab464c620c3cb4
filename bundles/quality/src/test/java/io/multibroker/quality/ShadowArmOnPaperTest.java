package io.multibroker.quality;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
import io.multibroker.paper.PaperBrokerAdapter;
import io.multibroker.paper.PathPapers;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shadow arm on paper: the live account quotes EUR_USD 1 pip wide around 1.10000 (1.09995 / 1.10005), the shadow three
 * times as wide (1.09985 / 1.10015). Each order the live arm fills gets a shadow row at the far side of the shadow's quote,
 * so the shadow is found to cost 3 pips where the live arm cost 1, without an order sent to it.
 */
class ShadowArmOnPaperTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    @TempDir
    Path directory;
    private final Map<String, Submissions.Submission> submissions = new ConcurrentHashMap<>();
    private volatile Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private ScheduledExecutorService scheduler;
    private JdbcConnectionPool pool;
    private FillQualityStore store;
    private PaperBrokerAdapter live;
    private PaperBrokerAdapter wide;
    private ReferenceStreams streams;
    private FillRecorder recorder;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("quality").toAbsolutePath(), "", "");
        store = new FillQualityStore(pool);
        live = PathPapers.create("paper-live", clock, "EUR_USD@0=1.10000");
        wide = PathPapers.create("paper-wide", clock, 3.0, "EUR_USD@0=1.10000");
        Map<String, BrokerAdapter> accounts = Map.of("paper-live", live, "paper-wide", wide);
        streams = new ReferenceStreams(id -> Optional.ofNullable(accounts.get(id)), scheduler, clock, 4096);
        recorder = new FillRecorder(new FillRecorder.Settings(MAX_AGE, Duration.ZERO, 1_000, 1_000, Map.of()), streams,
                (account, order) -> Optional.ofNullable(submissions.get(order)),
                (account, instrument) -> Optional.ofNullable(accounts.get(account)).flatMap(a -> a.capabilities().instrument(instrument))
                        .map(Instrument::pip),
                experiment -> experiment.equals("demo") ? List.of("paper-wide") : List.of(), store, clock);
        live.orderEvents().subscribe(new Flow.Subscriber<OrderEvent>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OrderEvent event) {
                recorder.offer(event);
            }

            @Override
            public void onError(Throwable failure) {
                // the account closed
            }

            @Override
            public void onComplete() {
                // the account closed
            }
        });
        live.connect().toCompletableFuture().join();
        wide.connect().toCompletableFuture().join();
    }

    @AfterEach
    void stop() {
        streams.close();
        PathPapers.close(live);
        PathPapers.close(wide);
        scheduler.shutdownNow();
        pool.dispose();
    }

    @Test
    void aShadowQuotingWiderIsRecordedAsCostingMoreAgainstTheSameReference() throws Exception {
        QuoteHistory own = streams.history("paper-live", "EUR_USD");
        QuoteHistory shadow = streams.history("paper-wide", "EUR_USD");
        moveClockTo(T0.plusSeconds(1), own, shadow);
        for (int i = 0; i < 6; i++) {
            String id = "o-" + i;
            submissions.put(id, new Submissions.Submission(now, "experiment demo arm paper-live"));
            OrderResult result = live.placeOrder(UnifiedOrder.market("EUR_USD", i % 2 == 0 ? OrderSide.BUY : OrderSide.SELL,
                    new BigDecimal("1000")).clientOrderId(id).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(OrderStatus.FILLED, result.status());
        }
        QualityQuery demo = new QualityQuery(null, null, "demo", null, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            recorder.drain();
            return store.fills(demo).size() == 12;
        });
        List<FillQuality> rows = store.fills(demo);
        for (FillQuality row : rows) {
            // the live arm paid its 1 pip spread; the shadow's far side would have cost 3
            BigDecimal expected = row.shadow() ? new BigDecimal("3.000000") : new BigDecimal("1.000000");
            assertEquals(expected, row.effectiveSpread().pips(), row.toString());
            assertEquals(row.shadow() ? "paper-wide" : "paper-live", row.arm());
        }
        FillQuality buy = rows.stream().filter(r -> r.shadow() && r.clientOrderId().equals("o-0")).findFirst().orElseThrow();
        assertEquals(new BigDecimal("1.10015"), buy.fillPrice());
        // the reference (the live account) offered 1.10005: the shadow's ask is a pip worse
        assertEquals(new BigDecimal("-1.000000"), buy.priceImprovement().pips());
        assertTrue(buy.note().startsWith("shadow of paper-live's order: quoted 1.09985 / 1.10015"), buy.note());
        // the shadow's markouts are taken from its quote's moment against the reference prices
        moveClockTo(T0.plusSeconds(2), own, shadow);
        recorder.drain();
        FillQuality marked = store.fills(demo).stream().filter(r -> r.shadow() && r.clientOrderId().equals("o-0")).findFirst().orElseThrow();
        assertEquals(MarkoutState.MEASURED, marked.markout(MarkoutHorizon.ONE_SECOND).orElseThrow().state());
        // 1.10000 - 1.10015
        assertEquals(new BigDecimal("-1.500000"), marked.markout(MarkoutHorizon.ONE_SECOND).orElseThrow().value().pips());

        // outside the experiment a shadow row is no fill: broker:tca and /tca leave them out
        List<QualitySummary> summary = store.summary(QualityQuery.all());
        assertEquals(List.of("paper-live"), summary.stream().map(QualitySummary::accountId).toList());
        assertFalse(store.fills(QualityQuery.all()).stream().anyMatch(FillQuality::shadow));
    }

    private void moveClockTo(Instant moment, QuoteHistory... histories) {
        now = moment;
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
}
