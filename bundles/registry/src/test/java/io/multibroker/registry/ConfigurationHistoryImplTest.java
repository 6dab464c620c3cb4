package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.config.ConfigurationViolation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationHistoryImplTest {

    @TempDir
    Path directory;

    private ConfigurationHistoryImpl history() {
        return new ConfigurationHistoryImpl(ConfigurationHistoryStoreTest.embedded(directory), null,
                new ConfigurationKindsImpl((bundle, pid) -> Optional.empty()));
    }

    @Test
    void aRefusalIsKeptHereUntilAConfigurationIsAcceptedAndEachChangeIsToldOnce() {
        ConfigurationHistoryImpl history = history();
        List<String> told = new ArrayList<>();
        history.bindRefusalListener(told::add);
        List<ConfigurationViolation> violations = List.of(new ConfigurationViolation("seed", "x", "must be a whole number"));

        history.refused("paper-fast", "pid-1", violations);
        history.refused("paper-fast", "pid-1", violations);
        assertEquals(violations, history.refusal("paper-fast"));
        assertEquals(List.of("paper-fast"), told);

        history.accepted("paper-fast", "pid-1", Map.of("seed", "7"), true);
        assertTrue(history.refusal("paper-fast").isEmpty());
        assertEquals(List.of("paper-fast", "paper-fast"), told);
    }

    @Test
    void aVersionIsRecordedOnlyWhenTheConfigurationDiffersAndNamesItsSource() {
        ConfigurationHistoryImpl history = history();
        history.nextChangeOf("pid-1", "console");
        assertTrue(history.accepted("paper-fast", "pid-1", Map.of("seed", "7"), true));
        assertFalse(history.accepted("paper-fast", "pid-1", Map.of("seed", "7"), true));
        assertTrue(history.accepted("paper-fast", "pid-1", Map.of("seed", "8", StoredConfigurations.FILE_KEY, "file:/etc/x.cfg"), true));
        assertFalse(history.accepted("registry", "io.multibroker.registry", Map.of("a", "1"), false));
        history.removed("paper-fast", true);

        List<ConfigurationVersion> versions = history.versions("paper-fast");
        assertEquals(List.of("console", "file", "removed"), versions.stream().map(ConfigurationVersion::source).toList());
        assertEquals(Map.of(), versions.get(2).properties());
        assertTrue(history.versions("registry").isEmpty());
        assertEquals(1, history.diff("paper-fast", 1, 2).stream().filter(c -> c.key().equals("seed")).count());
    }
}
