package io.multibroker.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.multibroker.api.config.ConfigurationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configuration versions of each account, one JSON file per account, rewritten whole and moved into
 * place atomically on every new version, so that a crash leaves the previous file intact.
 */
final class ConfigurationHistoryStore {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path directory;
    private final Map<String, List<ConfigurationVersion>> cache = new ConcurrentHashMap<>();

    ConfigurationHistoryStore(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the configuration history directory " + directory, e);
        }
    }

    synchronized List<ConfigurationVersion> versions(String accountId) {
        return List.copyOf(load(accountId));
    }

    synchronized ConfigurationVersion append(String accountId, java.time.Instant at, String source, Map<String, String> properties) {
        List<ConfigurationVersion> versions = load(accountId);
        int next = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        ConfigurationVersion version = new ConfigurationVersion(accountId, next, at, source, properties);
        List<ConfigurationVersion> updated = new ArrayList<>(versions);
        updated.add(version);
        write(accountId, updated);
        cache.put(accountId, updated);
        return version;
    }

    private List<ConfigurationVersion> load(String accountId) {
        return cache.computeIfAbsent(accountId, id -> {
            Path file = file(id);
            if (!Files.exists(file)) {
                return new ArrayList<>();
            }
            try {
                return new ArrayList<>(JSON.readValue(file.toFile(), new TypeReference<List<ConfigurationVersion>>() { }));
            } catch (IOException e) {
                throw new UncheckedIOException("the configuration history " + file + " is unreadable", e);
            }
        });
    }

    private void write(String accountId, List<ConfigurationVersion> versions) {
        Path file = file(accountId);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), versions);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration history " + file, e);
        }
    }

    private Path file(String accountId) {
        // account ids are checked to a safe alphabet by the factory; hand-written ones are encoded to be sure
        String safe = accountId.replaceAll("[^A-Za-z0-9._-]", "_");
        return directory.resolve(safe + ".json");
    }
}
