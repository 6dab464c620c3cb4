package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationViolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileWatchTest {

    @TempDir
    Path etc;

    private final ConfigFileWatch watch = new ConfigFileWatch();

    private Path write(Path file, String content, int second) throws Exception {
        Files.writeString(file, content);
        // modification times set explicitly: two writes within the file system's resolution must still differ
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-24T10:00:00Z").plusSeconds(second)));
        return file;
    }

    @Test
    void anUnparseableFileDegradesItsAccountUntilItParsesAgain() throws Exception {
        Path file = write(etc.resolve("io.multibroker.paper-fast.cfg"), "account.id = paper-fast\nseed = 7\n", 0);
        assertEquals(Optional.empty(), watch.check("paper-fast", file));
        assertFalse(watch.failing("paper-fast"));

        write(file, "account.id = paper-fast\nseed = \\uZZZZ\n", 1);
        Optional<ConfigurationViolation> violation = watch.check("paper-fast", file);
        assertEquals("cannot be parsed: Malformed \\uxxxx encoding.", violation.orElseThrow().rule());
        assertEquals("file io.multibroker.paper-fast.cfg cannot be parsed (Malformed \\uxxxx encoding.); "
                + "FileInstall skipped it, the account runs on its last valid configuration", ConfigFileWatch.reason(List.of(violation.get())));
        // unchanged file: still failing, with the same violation, and the file not read again
        assertEquals(violation, watch.check("paper-fast", file));
        assertTrue(watch.failing("paper-fast"));

        write(file, "account.id = paper-fast\nseed = 8\n", 2);
        assertEquals(Optional.empty(), watch.check("paper-fast", file));
        assertFalse(watch.failing("paper-fast"));
    }
}
