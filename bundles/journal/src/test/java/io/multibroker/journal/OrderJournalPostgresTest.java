package io.multibroker.journal;

import io.multibroker.testing.postgres.ThrowawayPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

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

    @Override
    Connection otherConnection() throws SQLException {
        return database.getConnection();
    }
}
