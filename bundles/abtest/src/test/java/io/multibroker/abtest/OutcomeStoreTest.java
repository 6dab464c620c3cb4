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
}
