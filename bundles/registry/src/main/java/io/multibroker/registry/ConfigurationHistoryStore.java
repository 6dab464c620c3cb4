package io.multibroker.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.storage.SchemaMigrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The configuration versions of each account in the {@code configuration_versions} table: the shared DataSource when one
 * is configured (every runtime on one PostgreSQL then shows the same versions), else this runtime's embedded database.
 * Nothing is cached: another runtime may have recorded a version since the last read.
 */
final class ConfigurationHistoryStore {

    /** One version as read back, with the runtime that recorded it (the API's version has no place for it). */
    record Recorded(String runtimeId, ConfigurationVersion version) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> PROPERTIES = new TypeReference<>() { };
    /** SQLSTATE of a unique key violation, in PostgreSQL and H2 alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** Runtimes racing for one account's next number: each loss means another version was recorded, so few are expected. */
    private static final int ATTEMPTS = 10;

    private final DataSource dataSource;
    private final String runtimeId;

    ConfigurationHistoryStore(DataSource dataSource, String runtimeId) {
        SchemaMigrations.apply(dataSource, ConfigurationHistoryStore.class.getClassLoader(), "confighistory", "configuration_versions");
        this.dataSource = dataSource;
        this.runtimeId = runtimeId;
    }

    List<ConfigurationVersion> versions(String accountId) {
        return recorded(accountId).stream().map(Recorded::version).toList();
    }

    /** The account's versions, oldest first, each with the runtime that recorded it. */
    List<Recorded> recorded(String accountId) {
        try (Connection connection = dataSource.getConnection()) {
            return recorded(connection, accountId, false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the configuration history of " + accountId + ": " + e.getMessage(), e);
        }
    }

    /** Records a version unconditionally. */
    ConfigurationVersion append(String accountId, Instant at, String source, Map<String, String> properties) {
        return record(accountId, at, source, properties, false).orElseThrow();
    }

    /**
     * Records a version unless the latest one (whichever runtime recorded it) holds the same properties: runtimes sharing
     * the configuration through the cluster bundle each see the same change, and it is one version, not one per runtime.
     * The check and the insert are one transaction, and the loser of a race for the number checks again.
     */
    Optional<ConfigurationVersion> appendIfChanged(String accountId, Instant at, String source, Map<String, String> properties) {
        return record(accountId, at, source, properties, true);
    }

    private Optional<ConfigurationVersion> record(String accountId, Instant at, String source, Map<String, String> properties,
            boolean unlessSame) {
        SQLException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    Optional<ConfigurationVersion> recorded = recordIn(connection, accountId, at, source, properties, unlessSame);
                    connection.commit();
                    return recorded;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new IllegalStateException("cannot record a configuration version of " + accountId + ": " + e.getMessage(), e);
                }
                last = e;
            }
        }
        throw new IllegalStateException("cannot record a configuration version of " + accountId + ": another runtime took the next "
                + "number " + ATTEMPTS + " times in a row", last);
    }

    private Optional<ConfigurationVersion> recordIn(Connection connection, String accountId, Instant at, String source,
            Map<String, String> properties, boolean unlessSame) throws SQLException {
        Optional<ConfigurationVersion> latest = latest(connection, accountId);
        if (unlessSame && latest.isPresent() && latest.get().properties().equals(properties)) {
            return Optional.empty();
        }
        int next = latest.map(v -> v.version() + 1).orElse(1);
        ConfigurationVersion version = new ConfigurationVersion(accountId, next, at, source, properties);
        insert(connection, runtimeId, version);
        return Optional.of(version);
    }

    private Optional<ConfigurationVersion> latest(Connection connection, String accountId) throws SQLException {
        List<Recorded> newest = recorded(connection, accountId, true);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0).version());
    }

    private static List<Recorded> recorded(Connection connection, String accountId, boolean newestOnly) throws SQLException {
        String sql = "SELECT version, runtime_id, recorded_at, source, properties FROM configuration_versions WHERE account_id = ? "
                + (newestOnly ? "ORDER BY version DESC LIMIT 1" : "ORDER BY version");
        List<Recorded> found = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(new Recorded(rows.getString("runtime_id"), new ConfigurationVersion(accountId, rows.getInt("version"),
                            rows.getObject("recorded_at", OffsetDateTime.class).toInstant(), rows.getString("source"),
                            parse(rows.getString("properties")))));
                }
            }
        }
        return found;
    }

    /** Writes versions as they are (numbers included): the import of the files kept before the database. */
    static void insert(Connection connection, String runtimeId, ConfigurationVersion version) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO configuration_versions "
                + "(account_id, version, runtime_id, recorded_at, source, properties) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, version.accountId());
            insert.setInt(2, version.version());
            insert.setString(3, runtimeId);
            insert.setObject(4, OffsetDateTime.ofInstant(version.at(), ZoneOffset.UTC));
            insert.setString(5, version.source());
            insert.setString(6, json(version.properties()));
            insert.executeUpdate();
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    String runtimeId() {
        return runtimeId;
    }

    private static String json(Map<String, String> properties) throws SQLException {
        try {
            // sorted, so that the stored text of equal configurations is equal
            return JSON.writeValueAsString(new TreeMap<>(properties));
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write the configuration as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, String> parse(String json) throws SQLException {
        try {
            return JSON.readValue(json, PROPERTIES);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot read a stored configuration: " + e.getOriginalMessage(), e);
        }
    }
}
