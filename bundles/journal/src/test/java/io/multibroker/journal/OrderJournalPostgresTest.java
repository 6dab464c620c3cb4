package io.multibroker.journal;

import static io.multibroker.journal.FakeBroker.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.testing.postgres.ThrowawayPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every journal test again, on a real PostgreSQL: one database per test, reopened where a test restarts the journal. */
class OrderJournalPostgresTest extends OrderJournalTest {

    private static ThrowawayPostgres postgres;
    private DataSource database;

    @BeforeAll
    static void startPostgres() {
        postgres = ThrowawayPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    @Override
    void open() {
        database = postgres.dataSource(postgres.createDatabase("journal"));
        super.open();
    }

    @Override
    JournalFixture openFixture() {
        return new JournalFixture(database, JournalFixture.FAST);
    }

    /**
     * Two runtimes on one database, each booking the client order id at an account of its own (a client's retry sent to
     * the other runtime): each checks only what it holds in memory, so both were sent. The second intent's commit is
     * refused while the first order is open; once it ended, the id is the account's again, as on one runtime. Orders adopted from
     * brokers keep the ids the brokers gave, which two brokers may both give: both are kept.
     */
    @Test
    void aClientOrderIdOpenAtOneRuntimesAccountIsNotJournalledByAnotherRuntime() throws Exception {
        try (JournalFixture other = openFixture()) {
            await(fixture.journal.intent("acc", JournalFixture.limit("retried-1", "1.08"), "direct"));
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> await(other.journal.intent("other", JournalFixture.limit("retried-1", "1.08"), "direct")));
            StandardBrokerError refusal = StandardBrokerError.from(refused.getCause());
            assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, refusal.code());
            assertTrue(refusal.getMessage().contains("names an open order at another account (sent by another runtime"), refusal.getMessage());
            assertTrue(other.journal.orders(new JournalQuery("other", JournalQuery.Scope.ALL, null, 10)).isEmpty(), "nothing booked there");

            await(fixture.journal.answer("acc", "placeOrder", result("acc", "retried-1", "18", OrderStatus.FILLED, "1000", "1.08")));
            await(other.journal.intent("other", JournalFixture.limit("retried-1", "1.08"), "direct"));
            assertEquals(1, other.journal.orders(new JournalQuery("other", JournalQuery.Scope.OPEN, null, 10)).size());

            await(fixture.journal.answer("acc", "getOrder", result("acc", "broker:7", "7", OrderStatus.ACCEPTED, "0", null)));
            await(other.journal.answer("other", "getOrder", result("other", "broker:7", "7", OrderStatus.ACCEPTED, "0", null)));
            assertTrue(fixture.journal.orderByClientId("acc", "broker:7").orElseThrow().adopted());
            assertTrue(other.journal.orderByClientId("other", "broker:7").orElseThrow().adopted());
        }
    }

    /** Two runtimes booking one id at two accounts at the same moment, 20 times: each time exactly one is booked. */
    @Test
    void ofTwoRuntimesBookingOneClientOrderIdAtOnceOneIsRefused() throws Exception {
        ExecutorService runtimes = Executors.newFixedThreadPool(2);
        try (JournalFixture other = openFixture()) {
            for (int round = 0; round < 20; round++) {
                String id = "race-" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> here = runtimes.submit(() -> booked(together, fixture, "acc", id));
                Future<Boolean> there = runtimes.submit(() -> booked(together, other, "other", id));
                boolean hereBooked = here.get(10, TimeUnit.SECONDS);
                boolean thereBooked = there.get(10, TimeUnit.SECONDS);
                assertTrue(hereBooked ^ thereBooked, "round " + round + ": booked here " + hereBooked + ", there " + thereBooked);
            }
        } finally {
            runtimes.shutdownNow();
        }
    }

    /** Whether the runtime's journal booked the intent; a refusal must be the duplicate id. */
    private static boolean booked(CyclicBarrier together, JournalFixture runtime, String account, String id) throws Exception {
        together.await(5, TimeUnit.SECONDS);
        try {
            await(runtime.journal.intent(account, JournalFixture.limit(id, "1.08"), "direct"));
            return true;
        } catch (ExecutionException refused) {
            assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, StandardBrokerError.from(refused.getCause()).code());
            return false;
        }
    }

    @Override
    Connection otherConnection() throws SQLException {
        return database.getConnection();
    }
}
