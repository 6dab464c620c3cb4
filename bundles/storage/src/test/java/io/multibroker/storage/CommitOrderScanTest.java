package io.multibroker.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.testing.postgres.ThrowawayPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two writers that commit out of id order, one held open inside its transaction by {@code pg_sleep}. */
class CommitOrderScanTest {

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
    void migrate() {
        database = postgres.dataSource(postgres.createDatabase("scan"));
        SchemaMigrations.apply(database, getClass().getClassLoader(), "sample", "sample_row");
    }

    @Test
    void aRowWhoseTransactionCommitsLateIsReadOnceItCommitsAndNeverSkipped() throws Exception {
        List<String> read = new ArrayList<>();
        CommitOrderScan scan = new CommitOrderScan(true, "sample_row", "owner", 2);
        long position = 0;
        insert("early", 0);

        // the slow writer takes its id first, then sleeps inside its transaction while the fast one commits
        try (Connection slow = database.getConnection()) {
            slow.setAutoCommit(false);
            insert(slow, "slow");
            CompletableFuture<Void> fast = CompletableFuture.runAsync(() -> insert("fast", 0));
            fast.get(10, TimeUnit.SECONDS);

            position = scan.readAfter(connection(), "a", position, "note", row -> read.add(row.getString(1)));
            assertEquals(List.of("early"), read, "the fast writer's committed row waits behind the open transaction");

            try (PreparedStatement sleep = slow.prepareStatement("SELECT pg_sleep(0.2)")) {
                sleep.execute();
            }
            slow.commit();
        }
        position = scan.readAfter(connection(), "a", position, "note", row -> read.add(row.getString(1)));
        assertEquals(List.of("early", "slow", "fast"), read, "both, in commit-transaction order, each once");
        scan.readAfter(connection(), "a", position, "note", row -> read.add(row.getString(1)));
        assertEquals(3, read.size(), "a read with nothing new adds nothing");
    }

    @Test
    void readingByRowIdWithSeveralWritersSkipsTheLateRowWhichIsWhyPostgreSqlIsReadByTransaction() throws Exception {
        List<String> read = new ArrayList<>();
        CommitOrderScan byId = new CommitOrderScan(false, "sample_row", "owner", 10);
        long position;
        try (Connection slow = database.getConnection()) {
            slow.setAutoCommit(false);
            insert(slow, "slow");
            CompletableFuture.runAsync(() -> insert("fast", 0)).get(10, TimeUnit.SECONDS);
            position = byId.readAfter(connection(), "a", 0, "note", row -> read.add(row.getString(1)));
            slow.commit();
        }
        byId.readAfter(connection(), "a", position, "note", row -> read.add(row.getString(1)));
        assertEquals(List.of("fast"), read, "the id watermark passed the slow row before it committed");
    }

    @Test
    void manyRowsArePagedInCommitOrder() throws SQLException {
        for (int i = 0; i < 25; i++) {
            insert("row" + i, i);
        }
        List<String> read = new ArrayList<>();
        new CommitOrderScan(true, "sample_row", "owner", 4).readAfter(connection(), "a", 0, "note", row -> read.add(row.getString(1)));
        assertEquals(25, read.size());
        assertEquals("row0", read.get(0));
        assertEquals("row24", read.get(24));
    }

    private Connection connection() throws SQLException {
        return database.getConnection();
    }

    private void insert(String note, int amount) {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO sample_row (owner, amount, note) VALUES ('a', ?, ?)")) {
            insert.setBigDecimal(1, BigDecimal.valueOf(amount));
            insert.setString(2, note);
            insert.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insert(Connection connection, String note) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sample_row (owner, amount, note) VALUES ('a', 1, ?)")) {
            insert.setString(1, note);
            insert.execute();
        }
    }
}
