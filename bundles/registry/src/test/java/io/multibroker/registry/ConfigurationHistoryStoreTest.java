package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.storage.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration history on the embedded database; {@link ConfigurationHistoryStorePostgresTest} runs it all on PostgreSQL. */
class ConfigurationHistoryStoreTest {

    static final Instant T = Instant.parse("2026-11-24T12:00:00.123456Z");

    @TempDir
    Path directory;
    private DataSource database;

    /** A store on an embedded database of its own in {@code directory}, for the tests of what uses the history. */
    static ConfigurationHistoryStore embedded(Path directory) {
        return new ConfigurationHistoryStore(EmbeddedDatabase.open(directory.resolve("confighistory").toString()), "test-runtime");
    }

    @BeforeEach
    void open() {
        database = EmbeddedDatabase.open(directory.resolve("confighistory").toString());
    }

    @AfterEach
    void close() {
        EmbeddedDatabase.close(database);
    }

    DataSource database() {
        return database;
    }

    private ConfigurationHistoryStore runtime(String runtimeId) {
        return new ConfigurationHistoryStore(database(), runtimeId);
    }

    @Test
    void versionsAreNumberedAndSurviveANewStoreOnTheSameDatabase() {
        ConfigurationHistoryStore store = runtime("r1");
        store.append("a1", T, "console", Map.of("account.id", "a1", "seed", "1"));
        ConfigurationVersion second = store.append("a1", T.plusSeconds(5), "file", Map.of("account.id", "a1", "seed", "2"));
        store.append("b2", T, "file", Map.of("account.id", "b2"));
        assertEquals(2, second.version());

        ConfigurationHistoryStore reopened = runtime("r1");
        List<ConfigurationVersion> versions = reopened.versions("a1");
        assertEquals(List.of(1, 2), versions.stream().map(ConfigurationVersion::version).toList());
        assertEquals(second, versions.get(1));
        assertEquals(T.plusSeconds(5), versions.get(1).at());
        assertEquals(1, reopened.versions("b2").size());
        assertTrue(reopened.versions("nobody").isEmpty());
    }

    @Test
    void twoRuntimesShowTheSameVersionsEachNamingTheRuntimeThatRecordedIt() {
        ConfigurationHistoryStore first = runtime("runtime-a");
        ConfigurationHistoryStore second = runtime("runtime-b");
        Map<String, String> created = Map.of("account.id", "a1", "seed", "1");

        assertEquals(1, first.appendIfChanged("a1", T, "console", created).orElseThrow().version());
        // the second runtime is given the same configuration (the cluster bundle shares it): no second version
        assertTrue(second.appendIfChanged("a1", T.plusSeconds(1), "configadmin", created).isEmpty());
        assertEquals(2, second.appendIfChanged("a1", T.plusSeconds(2), "console", Map.of("account.id", "a1", "seed", "2"))
                .orElseThrow().version());
        assertEquals(3, first.appendIfChanged("a1", T.plusSeconds(3), "removed", Map.of()).orElseThrow().version());
        assertTrue(second.appendIfChanged("a1", T.plusSeconds(4), "removed", Map.of()).isEmpty());

        assertEquals(first.versions("a1"), second.versions("a1"));
        assertEquals(List.of("console", "console", "removed"), second.versions("a1").stream().map(ConfigurationVersion::source).toList());
        assertEquals(List.of("runtime-a", "runtime-b", "runtime-a"),
                first.recorded("a1").stream().map(ConfigurationHistoryStore.Recorded::runtimeId).toList());
    }

    @Test
    void runtimesRecordingAtOnceGetOneNumberEachWithoutGaps() throws Exception {
        List<ConfigurationHistoryStore> runtimes = List.of(runtime("runtime-a"), runtime("runtime-b"));
        int each = 25;
        ExecutorService threads = Executors.newFixedThreadPool(runtimes.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int r = 0; r < runtimes.size(); r++) {
                ConfigurationHistoryStore store = runtimes.get(r);
                String name = "r" + r;
                done.add(threads.submit(() -> IntStream.range(0, each).forEach(i ->
                        store.appendIfChanged("a1", T, "console", Map.of("account.id", "a1", "seed", name + "-" + i)))));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        List<ConfigurationVersion> versions = runtimes.get(0).versions("a1");
        assertEquals(IntStream.rangeClosed(1, 2 * each).boxed().toList(), versions.stream().map(ConfigurationVersion::version).toList());
        assertEquals(2 * each, versions.stream().map(v -> v.properties().get("seed")).distinct().count());
    }

    /** What the file store before the database wrote: one indented JSON list per account, the time as ISO-8601 text. */
    private static void oldHistoryFile(Path files, String account, String json) throws Exception {
        Files.createDirectories(files);
        Files.writeString(files.resolve(account + ".json"), json);
    }

    private static final String OLD_A1 = """
            [ {
              "accountId" : "a1",
              "version" : 1,
              "at" : "2026-11-20T09:00:00.5Z",
              "source" : "console",
              "properties" : {
                "account.id" : "a1",
                "seed" : "1"
              }
            }, {
              "accountId" : "a1",
              "version" : 2,
              "at" : "2026-11-21T09:00:00Z",
              "source" : "file",
              "properties" : {
                "account.id" : "a1",
                "felix.fileinstall.filename" : "file:/opt/multibroker/etc/io.multibroker.paper~a1.cfg",
                "seed" : "2"
              }
            } ]
            """;

    @Test
    void theFilesKeptBeforeTheDatabaseAreImportedOnceAndKept() throws Exception {
        Path files = directory.resolve("configuration-history");
        oldHistoryFile(files, "a1", OLD_A1);
        oldHistoryFile(files, "experiment_demo", """
                [ { "accountId" : "experiment:demo", "version" : 1, "at" : "2026-11-22T09:00:00Z", "source" : "import",
                    "properties" : { "name" : "demo" } } ]
                """);
        ConfigurationHistoryStore store = runtime("runtime-a");

        assertEquals(2, ConfigurationHistoryImport.importOnce(store, files));
        List<ConfigurationVersion> versions = store.versions("a1");
        assertEquals(List.of(new ConfigurationVersion("a1", 1, Instant.parse("2026-11-20T09:00:00.5Z"), "console",
                Map.of("account.id", "a1", "seed", "1")), new ConfigurationVersion("a1", 2, Instant.parse("2026-11-21T09:00:00Z"), "file",
                Map.of("account.id", "a1", "felix.fileinstall.filename", "file:/opt/multibroker/etc/io.multibroker.paper~a1.cfg",
                        "seed", "2"))), versions);
        assertEquals("demo", store.versions("experiment:demo").get(0).properties().get("name"));
        // the next version follows the imported ones
        assertEquals(3, store.append("a1", T, "console", Map.of("account.id", "a1", "seed", "3")).version());

        // a second start imports nothing again, and the files are still there
        assertEquals(0, ConfigurationHistoryImport.importOnce(runtime("runtime-a"), files));
        assertEquals(3, store.versions("a1").size());
        assertTrue(Files.exists(files.resolve("a1.json")));
    }

    @Test
    void anAccountAnotherRuntimeAlreadyRecordedKeepsItsVersionsAndItsFileIsLeftAlone() throws Exception {
        runtime("runtime-b").append("a1", T, "console", Map.of("account.id", "a1", "seed", "9"));
        Path files = directory.resolve("configuration-history");
        oldHistoryFile(files, "a1", OLD_A1);
        oldHistoryFile(files, "broken", "[ { not json");

        assertEquals(0, ConfigurationHistoryImport.importOnce(runtime("runtime-a"), files));
        List<ConfigurationHistoryStore.Recorded> recorded = runtime("runtime-a").recorded("a1");
        assertEquals(1, recorded.size());
        assertEquals("runtime-b", recorded.get(0).runtimeId());
        assertEquals("9", recorded.get(0).version().properties().get("seed"));
        assertTrue(Files.exists(files.resolve("a1.json")));
        assertTrue(Files.exists(files.resolve("broken.json")));
    }

    @Test
    void noFilesIsNothingToImport() {
        assertEquals(0, ConfigurationHistoryImport.importOnce(runtime("runtime-a"), directory.resolve("never-made")));
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
