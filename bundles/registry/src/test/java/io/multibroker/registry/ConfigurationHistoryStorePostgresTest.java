package io.multibroker.registry;

import io.multibroker.testing.postgres.ThrowawayPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Every configuration history test again on a real PostgreSQL, one database per test: two store instances stand for two runtimes. */
class ConfigurationHistoryStorePostgresTest extends ConfigurationHistoryStoreTest {

    private static ThrowawayPostgres postgres;
    private DataSource shared;

    @BeforeAll
    static void startPostgres() {
        postgres = ThrowawayPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void openPostgres() {
        shared = postgres.dataSource(postgres.createDatabase("confighistory"));
    }

    @Override
    DataSource database() {
        return shared;
    }
}
