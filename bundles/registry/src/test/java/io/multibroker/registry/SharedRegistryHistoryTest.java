package io.multibroker.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.capability.CapabilityDiff;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.ErrorSummary;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.storage.EmbeddedDatabase;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The capability and error history on the embedded database; {@link SharedRegistryHistoryPostgresTest} runs it all on PostgreSQL. */
class SharedRegistryHistoryTest {

    static final HistoryLimits LIMITS = new HistoryLimits(100, 3, 10_000);
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123456Z");

    @TempDir
    Path directory;
    private DataSource database;
    private final List<SharedRegistryHistory> opened = new ArrayList<>();

    @BeforeEach
    void open() {
        database = EmbeddedDatabase.open(directory.resolve("history").toString());
    }

    @AfterEach
    void close() {
        opened.forEach(SharedRegistryHistory::close);
        EmbeddedDatabase.close(database);
    }

    DataSource database() {
        return database;
    }

    SharedRegistryHistory store(String runtimeId, HistoryLimits limits) {
        SharedRegistryHistory store = new SharedRegistryHistory(database(), false, runtimeId, limits);
        opened.add(store);
        return store;
    }

    static CapabilityChange change(String account, int n) {
        Instrument changed = new Instrument("EUR_USD", InstrumentType.CURRENCY, 5, 0, BigDecimal.ONE, new BigDecimal("100000000"),
                new BigDecimal("0.0333"), -4);
        CapabilityDiff diff = new CapabilityDiff(Set.of(BrokerCapability.LIMIT_ORDERS), Set.of(BrokerCapability.STOP_ORDERS),
                Map.of(OrderType.LIMIT, Set.of(TimeInForce.GTC, TimeInForce.IOC)), Set.of("GBP_USD-" + n), Set.of(),
                Map.of("EUR_USD", changed));
        return new CapabilityChange(T0.plusSeconds(n), account, "refresh", diff);
    }

    static RecordedError error(String account, int n) {
        ErrorDetail detail = new ErrorDetail(ErrorCode.ACCOUNT_NOT_FOUND, false, "E" + n, "no such account " + n,
                new ErrorContext(account, "o-" + n, "c-" + n, "EUR_USD", "req-" + n));
        return new RecordedError(T0.plusSeconds(n), account, "placeOrder", detail);
    }

    @Test
    void changesAndErrorsAreReadBackAsWrittenNamingTheRuntime() throws SQLException {
        SharedRegistryHistory store = store("runtime-a", LIMITS);
        store.changed(change("acc-1", 1));
        store.failed(error("acc-1", 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.changes("acc-1").size() == 1 && store.errorsSince(T0).size() == 1);
        assertEquals(List.of(change("acc-1", 1)), store.changes("acc-1"));
        assertEquals(List.of(error("acc-1", 2)), store.errorsSince(T0));
        assertEquals(List.of(), store.changes("acc-2"));
        assertEquals(List.of(), store.errorsSince(T0.plusSeconds(3)), "only the errors since the time asked");
        assertEquals("runtime-a", store.tables().changes("acc-1").get(0).runtimeId());
        assertEquals("runtime-a", store.tables().errorsSince(T0).get(0).runtimeId());
    }

    /**
     * The capability event is published as the change is recorded, and whoever reads the history on it must find the
     * change: a read sees every record made before it, not only those the writer's thread has got to.
     */
    @Test
    void aReadSeesEveryRecordMadeBeforeIt() {
        SharedRegistryHistory store = store("runtime-a", LIMITS);
        for (int n = 0; n < 50; n++) {
            store.changed(change("acc-" + n, n));
            store.failed(error("acc-" + n, n));
            assertEquals(List.of(change("acc-" + n, n)), store.changes("acc-" + n), "the change just made");
            assertEquals(n + 1, store.errorsSince(T0).size(), "the errors made so far");
        }
    }

    /** A writer that has stopped (closed, or its thread ended by an error) writes nothing more, and nobody waits for it. */
    @Test
    void nobodyWaitsForAWriterThatHasStopped() {
        HistoryWriter writer = new HistoryWriter(store("runtime-a", LIMITS).tables(), 10);
        writer.close();
        writer.offer(change("acc-1", 1));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertTrue(writer.awaitOffered(60_000)));
        assertEquals(1, writer.dropped(), "what is offered to a stopped writer is dropped");
    }

    @Test
    void theHistoryIsCutBackToWhatIsKept() {
        SharedRegistryHistory store = store("runtime-a", LIMITS);
        for (int n = 0; n < 10; n++) {
            store.changed(change("acc-1", n));
            store.changed(change("acc-2", n));
        }
        for (int n = 0; n < 150; n++) {
            store.failed(error("acc-1", n));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.errorsSince(T0).stream().anyMatch(e -> e.error().brokerCode().equals("E149")));

        assertEquals(List.of(change("acc-1", 7), change("acc-1", 8), change("acc-1", 9)), store.changes("acc-1"));
        assertEquals(List.of(change("acc-2", 7), change("acc-2", 8), change("acc-2", 9)), store.changes("acc-2"));
        List<RecordedError> errors = store.errorsSince(T0);
        assertEquals(100, errors.size());
        assertEquals(error("acc-1", 50), errors.get(0), "the oldest went");
    }

    @Test
    void twoRuntimesSeeEachOthersRecords() throws SQLException {
        SharedRegistryHistory a = store("runtime-a", LIMITS);
        SharedRegistryHistory b = store("runtime-b", LIMITS);
        a.changed(change("acc-1", 1));
        b.changed(change("acc-1", 2));
        a.failed(error("acc-1", 3));
        b.failed(error("acc-2", 4));

        await().atMost(Duration.ofSeconds(10)).until(() -> a.changes("acc-1").size() == 2 && b.errorsSince(T0).size() == 2);
        assertEquals(Set.of(change("acc-1", 1), change("acc-1", 2)), Set.copyOf(b.changes("acc-1")));
        assertEquals(Set.of(error("acc-1", 3), error("acc-2", 4)), Set.copyOf(a.errorsSince(T0)));
        assertEquals(Set.of("runtime-a", "runtime-b"),
                Set.copyOf(a.tables().changes("acc-1").stream().map(HistoryTables.Seen::runtimeId).toList()));

        // what broker:errors shows on each runtime: the same counts, whichever runtime saw the error
        ErrorLog logOfA = new ErrorLog(100, () -> a);
        ErrorLog logOfB = new ErrorLog(100, () -> b);
        List<ErrorSummary> onA = logOfA.summarize(T0);
        assertEquals(onA, logOfB.summarize(T0));
        assertEquals(2, onA.size());
        assertEquals(Set.of("acc-1", "acc-2"), Set.of(onA.get(0).accountId(), onA.get(1).accountId()));
    }

    @Test
    void aNewStoreOnTheSameDatabaseReadsWhatTheLastOneWrote() {
        SharedRegistryHistory before = store("runtime-a", LIMITS);
        before.changed(change("acc-1", 1));
        before.failed(error("acc-1", 2));
        before.close(); // writes what is queued
        opened.remove(before);

        SharedRegistryHistory after = store("runtime-a", LIMITS);
        assertEquals(List.of(change("acc-1", 1)), after.changes("acc-1"));
        assertEquals(List.of(error("acc-1", 2)), after.errorsSince(T0));
    }

    @Test
    void theEmbeddedFileKeepsTheHistoryAcrossARestart() {
        String file = directory.resolve("restarted").toString();
        DataSource first = EmbeddedDatabase.open(file);
        SharedRegistryHistory before = new SharedRegistryHistory(first, true, "runtime-a", LIMITS);
        before.changed(change("acc-1", 1));
        before.failed(error("acc-1", 2));
        before.close();

        SharedRegistryHistory after = new SharedRegistryHistory(EmbeddedDatabase.open(file), true, "runtime-a", LIMITS);
        try {
            assertEquals(List.of(change("acc-1", 1)), after.changes("acc-1"));
            assertEquals(List.of(error("acc-1", 2)), after.errorsSince(T0));
        } finally {
            after.close();
        }
    }

    @Test
    void recordingReturnsAtOnceWhenTheDatabaseIsGone() {
        DataSource pool = EmbeddedDatabase.open(directory.resolve("gone").toString());
        SharedRegistryHistory store = new SharedRegistryHistory(pool, true, "runtime-a", LIMITS);
        opened.add(store);
        EmbeddedDatabase.close(pool); // every write fails from now on
        ErrorLog log = new ErrorLog(100, () -> store);

        log.record("acc-1", "placeOrder", error("acc-1", 1).error(), T0);

        await().atMost(Duration.ofSeconds(10)).until(() -> store.dropped() == 1);
    }

    @Test
    void aBoundOutsideItsRangeIsRefusedNamingKeyValueAndRule() {
        IllegalArgumentException errors = assertThrows(IllegalArgumentException.class, () -> new HistoryLimits(5, 200, 10));
        assertEquals("io.multibroker.history errors.kept = 5: must be between 100 and 10000000", errors.getMessage());
        IllegalArgumentException changes = assertThrows(IllegalArgumentException.class, () -> new HistoryLimits(100, 0, 10));
        assertTrue(changes.getMessage().contains("capability.changes.kept = 0"), changes.getMessage());
        IllegalArgumentException queue = assertThrows(IllegalArgumentException.class, () -> new HistoryLimits(100, 1, -1));
        assertTrue(queue.getMessage().contains("queue.capacity = -1"), queue.getMessage());
    }

}
