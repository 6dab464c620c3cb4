package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeStoreTest {

    @TempDir
    Path directory;

    @Test
    void outcomesAreCommittedToTheFileAndReadBackByAFreshStore() throws Exception {
        String path = directory.resolve("outcomes").toString();
        OutcomeStore store = new OutcomeStore(OutcomeStore.embedded(path));
        Instant at = Instant.parse("2026-11-24T12:00:00Z");
        store.record(new Outcome("demo", "paper-fast", false, "c-1", "FILLED", 8_000_000, new BigDecimal("1.000000"),
                new BigDecimal("0.200000"), null, at));
        store.record(new Outcome("demo", "paper-slow", false, "c-2", "REJECTED", 41_000_000, BigDecimal.ZERO.setScale(6), null,
                "MARKET_CLOSED", at));
        store.record(new Outcome("demo", "paper-fast", true, "c-3", "FILLED", 9_000_000, new BigDecimal("1.000000"), null, null, at));

        // a new store on the same file, as after a restart
        OutcomeStore reopened = new OutcomeStore(OutcomeStore.embedded(path));
        List<Outcome> all = reopened.outcomes("demo");
        assertEquals(3, all.size());
        assertEquals("MARKET_CLOSED", all.get(1).errorCode());
        assertNull(all.get(1).slippagePips());
        assertEquals(new BigDecimal("0.200000"), all.get(0).slippagePips());
        assertEquals(at, all.get(0).recordedAt());
        assertEquals(Map.of("paper-fast", 1L, "paper-slow", 1L), reopened.countsByArm("demo", false));
        assertEquals(Map.of("paper-fast", 1L), reopened.countsByArm("demo", true));
    }

    /**
     * The SQL is kept to what PostgreSQL also accepts: checked here with H2's PostgreSQL mode (a real PostgreSQL
     * server cannot be started by these tests: initdb refuses to run as root, which the build machines are).
     */
    @Test
    void theSchemaAndQueriesRunInPostgreSqlMode() throws Exception {
        org.h2.jdbcx.JdbcDataSource postgresLike = new org.h2.jdbcx.JdbcDataSource();
        postgresLike.setURL("jdbc:h2:mem:pg;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        OutcomeStore store = new OutcomeStore(postgresLike);
        Instant at = Instant.parse("2026-11-24T12:00:00Z");
        store.record(new Outcome("pg", "a", false, "c-1", "FILLED", 1_000_000, new BigDecimal("1.000000"), new BigDecimal("-0.5"), null, at));
        store.record(new Outcome("pg", "b", true, "c-2", "REJECTED", 2_000_000, BigDecimal.ZERO, null, "MARKET_CLOSED", at));
        assertEquals(2, store.count("pg"));
        assertEquals(Map.of("a", 1L), store.countsByArm("pg", false));
        assertEquals(new BigDecimal("-0.500000"), store.outcomes("pg").get(0).slippagePips());
        // creating the schema again (a restart) is harmless
        assertEquals(2, new OutcomeStore(postgresLike).count("pg"));
    }
}
