package io.multibroker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.quality.QualityQuery;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A fill reported twice (by its event, then by a reconciliation, perhaps after a restart) is one row: the table's unique key
 * refuses the second, so that recording a fill asks the database nothing before it writes.
 */
class DuplicateFillTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final BigDecimal PIP = new BigDecimal("0.0001");

    private final JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:duplicates-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
            "", "");
    private final AtomicInteger selects = new AtomicInteger();
    private final DataSource counted = counting(pool, selects);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(T0.plusMillis(100), ZoneOffset.UTC);
    private final ReferenceStreams streams = new ReferenceStreams(id -> Optional.empty(), scheduler, clock, 64);

    @AfterEach
    void close() {
        streams.close();
        scheduler.shutdownNow();
        pool.dispose();
    }

    /** A recorder as a (re)started runtime has it: nothing remembered of the fills before. */
    private FillRecorder recorder(FillQualityStore store) {
        return new FillRecorder(new FillRecorder.Settings(Duration.ofSeconds(5), Duration.ZERO, 1_000, 1_000, Map.of()), streams,
                (account, order) -> Optional.of(new Submissions.Submission(T0, "direct")), (account, instrument) -> Optional.of(PIP), store,
                clock);
    }

    private static OrderEvent filled(OrderEventKind kind, String clientOrderId, Instant time) {
        return new OrderEvent("acct", kind, clientOrderId, "b-" + clientOrderId, "EUR_USD", OrderSide.BUY, OrderStatus.FILLED,
                BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("1.08512"), new BigDecimal("1.08512"), null, null, null, time);
    }

    @Test
    void recordingFillsAsksTheDatabaseNothingBeforeWritingThem() {
        FillQualityStore store = new FillQualityStore(counted);
        FillRecorder recorder = recorder(store);
        streams.history("acct", "EUR_USD").add(new PriceTick("EUR_USD", T0, new BigDecimal("1.08500"), new BigDecimal("1.08510"), true));
        selects.set(0);
        for (int i = 0; i < 50; i++) {
            recorder.offer(filled(OrderEventKind.FILLED, "c-" + i, T0.plusMillis(i)));
        }
        recorder.drain();
        assertEquals(0, selects.get(), "SELECT statements while recording 50 fills");
        assertEquals(50, recorder.pendingFills());
    }

    @Test
    void aFillSeenAgainAfterARestartIsRefusedByTheKeyAndNotMarkedOutAgain() throws Exception {
        FillQualityStore store = new FillQualityStore(counted);
        FillRecorder before = recorder(store);
        before.offer(filled(OrderEventKind.FILLED, "c-1", T0));
        before.drain();
        before.close();
        // the runtime stopped before the horizons: the markouts are SKIPPED
        assertEquals(MarkoutState.SKIPPED, only(store).markout(MarkoutHorizon.ONE_SECOND).orElseThrow().state());

        FillRecorder after = recorder(store);
        // the reconciliation after the restart tells the same fill again, with a later time, in a batch with a new fill
        after.offer(filled(OrderEventKind.RECONCILED, "c-1", T0.plusSeconds(30)));
        after.offer(filled(OrderEventKind.FILLED, "c-2", T0.plusMillis(50)));
        after.drain();
        List<FillQuality> rows = store.fills(QualityQuery.all());
        assertEquals(List.of("c-1", "c-2"), rows.stream().map(FillQuality::clientOrderId).toList());
        FillQuality first = rows.get(0);
        assertEquals(T0, first.filledAt(), "the row as first recorded");
        // only the new fill's markouts wait; the refused one's are not taken a second time over the first row's
        assertEquals(1, after.pendingFills());
        assertEquals(MarkoutState.SKIPPED, first.markout(MarkoutHorizon.ONE_SECOND).orElseThrow().state());
    }

    private static FillQuality only(FillQualityStore store) throws Exception {
        List<FillQuality> rows = store.fills(QualityQuery.all());
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    /** The pool, counting the SELECT statements prepared through it. */
    private static DataSource counting(DataSource pool, AtomicInteger selects) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                    Object result = invoke(pool, method, arguments);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (connectionProxy, call, callArguments) -> {
                                    if (call.getName().equals("prepareStatement")
                                            && callArguments[0].toString().trim().toUpperCase(Locale.ROOT).startsWith("SELECT")) {
                                        selects.incrementAndGet();
                                    }
                                    return invoke(connection, call, callArguments);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
