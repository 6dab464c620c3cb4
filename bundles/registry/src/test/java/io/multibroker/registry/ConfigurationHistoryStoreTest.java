package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationHistoryStoreTest {

    @TempDir
    Path directory;

    @Test
    void versionsAreNumberedAndSurviveANewStoreOnTheSameDirectory() throws Exception {
        ConfigurationHistoryStore store = new ConfigurationHistoryStore(directory);
        Instant t = Instant.parse("2026-11-24T12:00:00Z");
        store.append("a1", t, "console", Map.of("account.id", "a1", "seed", "1"));
        ConfigurationVersion second = store.append("a1", t.plusSeconds(5), "file", Map.of("account.id", "a1", "seed", "2"));
        store.append("b2", t, "file", Map.of("account.id", "b2"));
        assertEquals(2, second.version());

        ConfigurationHistoryStore reopened = new ConfigurationHistoryStore(directory);
        List<ConfigurationVersion> versions = reopened.versions("a1");
        assertEquals(2, versions.size());
        assertEquals("file", versions.get(1).source());
        assertEquals("2", versions.get(1).properties().get("seed"));
        assertEquals(t.plusSeconds(5), versions.get(1).at());
        assertEquals(1, reopened.versions("b2").size());
        assertTrue(reopened.versions("nobody").isEmpty());
        // written atomically: no temporary file is left behind
        try (var files = Files.list(directory)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".tmp")));
        }
    }

    @Test
    void aSecretIsKeptOnlyAsAFingerprint() {
        String fingerprint = StoredConfigurations.fingerprint("s3cret-token");
        assertTrue(fingerprint.startsWith("sha256:"));
        assertFalse(fingerprint.contains("s3cret"));
        assertEquals(fingerprint, StoredConfigurations.fingerprint("s3cret-token"));
        assertFalse(fingerprint.equals(StoredConfigurations.fingerprint("other-token")));
    }
}
