package io.multibroker.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.storage.SchemaMigrations;
import io.multibroker.testing.postgres.ThrowawayPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two runtimes' lease keepers on one real PostgreSQL. */
class LeaseKeeperTest {

    private static final List<String> ACCOUNTS = List.of("acc");
    private static ThrowawayPostgres postgres;
    private DataSource database;
    private final AtomicLong clockOfA = new AtomicLong();
    private LeaseKeeper a;
    private LeaseKeeper b;

    @BeforeAll
    static void startPostgres() {
        postgres = ThrowawayPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void twoRuntimes() {
        database = postgres.dataSource(postgres.createDatabase("leases"));
        SchemaMigrations.apply(database, LeaseKeeper.class.getClassLoader(), "cluster", "account_lease");
        a = new LeaseKeeper(new LeaseTable(database), "runtime-a", "http://127.0.0.1:18181/api/v1", 1, clockOfA::get);
        b = new LeaseKeeper(new LeaseTable(database), "runtime-b", "http://127.0.0.1:18182/api/v1", 1, System::nanoTime);
    }

    private static String message(Optional<ErrorDetail> refusal) {
        assertTrue(refusal.isPresent(), "refused");
        assertEquals(ErrorCode.ACCOUNT_NOT_OWNED, refusal.get().code());
        return refusal.get().message();
    }

    @Test
    void oneRuntimeTakesTheAccountReconcilesItThenTakesOrdersAndTheOtherNamesIt() {
        assertTrue(message(a.refusal("acc")).contains("no owner yet"), "before any round");
        assertEquals(ACCOUNTS, a.renew(ACCOUNTS), "taken: to be reconciled");
        assertEquals(List.of(), b.renew(ACCOUNTS), "held by the other");
        assertTrue(message(a.refusal("acc")).contains("reconciling"), "no orders before the reconciliation");
        a.reconciled("acc", a.epoch("acc"));
        assertTrue(a.refusal("acc").isEmpty());
        assertTrue(a.heldHere("acc"));
        String elsewhere = message(b.refusal("acc"));
        assertTrue(elsewhere.contains("runtime-a") && elsewhere.contains("http://127.0.0.1:18181/api/v1"), elsewhere);
        assertFalse(b.heldHere("acc"));
        assertEquals(List.of(), a.renew(ACCOUNTS), "a renewal of a reconciled lease asks for nothing");
        assertTrue(a.refusal("acc").isEmpty(), "still taking orders after renewing");
    }

    @Test
    void theLeaseAsLastSeenNamesTheOwnerAndWhereItsApiAnswersForForwarding() {
        assertTrue(b.lease("acc").isEmpty(), "not seen before a round");
        a.renew(ACCOUNTS);
        b.renew(ACCOUNTS);
        AccountLease seenByB = b.lease("acc").orElseThrow();
        assertEquals("runtime-a", seenByB.owner());
        assertEquals("http://127.0.0.1:18181/api/v1", seenByB.ownerUrl());
        assertFalse(seenByB.here());
        assertFalse(seenByB.ready());
        AccountLease seenByA = a.lease("acc").orElseThrow();
        assertTrue(seenByA.here());
        assertFalse(seenByA.ready(), "held, not reconciled yet");
        a.reconciled("acc", a.epoch("acc"));
        assertTrue(a.lease("acc").orElseThrow().ready());
    }

    @Test
    void whenTheOwnerStopsRenewingTheOtherTakesOverAtTheNextEpochAndTheOldOwnerIsFenced() throws SQLException {
        a.renew(ACCOUNTS);
        a.reconciled("acc", 1);
        assertEquals(1, a.epoch("acc"));
        // runtime a pauses (no renewal); its lease lapses in the database after one second
        await().atMost(Duration.ofSeconds(10)).until(() -> b.renew(ACCOUNTS).equals(ACCOUNTS));
        assertEquals(2, b.epoch("acc"), "a change of hands adds one to the epoch");
        assertTrue(b.heldHere("acc"));

        // a's own clock has not moved: it still believes it holds the lease; the database's fence says otherwise
        assertTrue(a.refusal("acc").isEmpty(), "a does not know yet");
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            SQLException fenced = assertThrows(SQLException.class, () -> a.fence(connection, Set.of("acc")));
            assertTrue(fenced.getMessage().contains("runtime-b") && fenced.getMessage().contains("epoch 2"), fenced.getMessage());
            connection.rollback();
        }
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            b.reconciled("acc", 2);
            b.fence(connection, Set.of("acc"));
            connection.commit();
        }
        // a's next round learns it
        a.renew(ACCOUNTS);
        assertTrue(message(a.refusal("acc")).contains("runtime-b"));
    }

    @Test
    void aLeaseNotRenewedInTimeIsRefusedByItsHolderEvenBeforeAnotherTakesIt() {
        a.renew(ACCOUNTS);
        a.reconciled("acc", 1);
        clockOfA.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(message(a.refusal("acc")).contains("could not renew"));
        assertFalse(a.heldHere("acc"));
    }

    @Test
    void aCleanStopReleasesTheLeasesSoThatTheOtherTakesThemAtOnce() {
        a.renew(ACCOUNTS);
        a.releaseAll();
        assertEquals(ACCOUNTS, b.renew(ACCOUNTS), "taken in the next round, without waiting for the lapse");
        assertEquals(2, b.epoch("acc"));
    }
}
