package io.multibroker.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.multibroker.api.config.ConfigurationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the configuration history a runtime kept in files (one JSON file per account, before the database) into the
 * {@code configuration_versions} table once, so that no version a user had disappears. An account the database already has
 * versions of (another runtime imported or recorded them first) keeps those, and its file is left as it is and named in
 * the log. The files are never deleted; a row in {@code configuration_history_imports} says they were imported.
 */
final class ConfigurationHistoryImport {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationHistoryImport.class);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private ConfigurationHistoryImport() {
    }

    /** @return the number of accounts whose versions were imported now (0 when done before or nothing to import) */
    static int importOnce(ConfigurationHistoryStore store, Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        DataSource dataSource = store.dataSource();
        String key = directory.toAbsolutePath().normalize().toString();
        try (Connection connection = dataSource.getConnection()) {
            if (alreadyImported(connection, store.runtimeId(), key)) {
                return 0;
            }
            int imported = 0;
            for (Path file : files(directory)) {
                if (importFile(connection, store.runtimeId(), file)) {
                    imported++;
                }
            }
            try (PreparedStatement mark = connection.prepareStatement(
                    "INSERT INTO configuration_history_imports (runtime_id, directory, imported_at, accounts) VALUES (?, ?, ?, ?)")) {
                mark.setString(1, store.runtimeId());
                mark.setString(2, key);
                mark.setObject(3, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
                mark.setInt(4, imported);
                mark.executeUpdate();
            }
            LOG.info("configuration history of {} account(s) imported from {} (the files are kept)", imported, directory);
            return imported;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot import the configuration history files of " + directory + ": " + e.getMessage(), e);
        }
    }

    private static boolean alreadyImported(Connection connection, String runtimeId, String directory) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM configuration_history_imports WHERE runtime_id = ? AND directory = ?")) {
            query.setString(1, runtimeId);
            query.setString(2, directory);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the configuration history files in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** One account's file in one transaction: all its versions or none. */
    private static boolean importFile(Connection connection, String runtimeId, Path file) throws SQLException {
        List<ConfigurationVersion> versions;
        try {
            versions = JSON.readValue(file.toFile(), new TypeReference<List<ConfigurationVersion>>() { });
        } catch (IOException e) {
            LOG.warn("the configuration history file {} is unreadable and was not imported (it is kept): {}", file, e.getMessage());
            return false;
        }
        if (versions.isEmpty()) {
            return false;
        }
        String accountId = versions.get(0).accountId();
        connection.setAutoCommit(false);
        try {
            if (hasVersions(connection, accountId)) {
                LOG.warn("account {} already has configuration versions in the database; its history file {} was not imported "
                        + "(it is kept)", accountId, file);
                connection.rollback();
                return false;
            }
            for (ConfigurationVersion version : versions) {
                ConfigurationHistoryStore.insert(connection, runtimeId, version);
            }
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            // another runtime imported the same account at the same moment: its versions stand
            LOG.warn("the configuration history file {} was not imported (it is kept): {}", file, e.getMessage());
            return false;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static boolean hasVersions(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM configuration_versions WHERE account_id = ?")) {
            query.setString(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
