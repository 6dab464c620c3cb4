package io.multibroker.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store's tables to the version its bundle was built for, at start, so that an upgrade never asks the operator
 * for SQL. Each store keeps its scripts in its own bundle under {@code db/<store>/common} (SQL that H2 and PostgreSQL
 * both run) and {@code db/<store>/postgresql} (what only PostgreSQL has, such as the commit-order column), and its own
 * history table, so that stores stay independent and may share one database. A database made by a version before
 * migrations (the store's first table exists, its history does not) is taken as being at version 1.
 */
public final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {
    }

    /**
     * Applies the store's pending migrations.
     *
     * @param scripts the class loader of the store's bundle, which holds the scripts
     * @param store the store's name: its script folder and its history table {@code <store>_schema_history}
     * @param firstTable the table that version 1 creates: when it exists without a history, version 1 is taken as done
     * @return the schema version now in force
     */
    public static String apply(DataSource dataSource, ClassLoader scripts, String store, String firstTable) {
        boolean postgresql = isPostgreSql(dataSource);
        String history = store + "_schema_history";
        // a schema that other stores already use is not empty; only this store's own tables say what it has done
        boolean madeBeforeMigrations = tableExists(dataSource, firstTable) && !tableExists(dataSource, history);
        List<String> locations = new ArrayList<>(List.of("classpath:db/" + store + "/common"));
        if (postgresql) {
            locations.add("classpath:db/" + store + "/postgresql");
        }
        Flyway flyway = Flyway.configure(scripts)
                .dataSource(dataSource)
                .table(history)
                .locations(locations.toArray(String[]::new))
                .baselineOnMigrate(true)
                .baselineVersion(madeBeforeMigrations ? "1" : "0")
                .load();
        requireScriptsFound(flyway, store, locations);
        MigrateResult result = flyway.migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info("{} schema at version {} ({} migration(s) applied)", store, version, result.migrationsExecuted);
        return version;
    }

    /**
     * Refuses a start on which Flyway found none of the store's scripts. Flyway takes that for a schema newer than the
     * code, logs it and goes on: the store would then start on tables that a new version's scripts were meant to change.
     * It happened on every restart of the runtime while Flyway's bundle started after the stores' (its scanner lists a
     * bundle's scripts through its own bundle's context, which it has only once started).
     */
    private static void requireScriptsFound(Flyway flyway, String store, List<String> locations) {
        boolean found = Arrays.stream(flyway.info().all())
                .anyMatch(migration -> migration.getState().isResolved() && migration.getScript().endsWith(".sql"));
        if (!found) {
            throw new IllegalStateException("the " + store + " store's schema scripts were not found in " + locations
                    + ": its tables cannot be brought up to date, so it does not start");
        }
    }

    private static boolean tableExists(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            // H2 keeps unquoted names in upper case, PostgreSQL in lower case
            for (String name : List.of(table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
                try (ResultSet tables = metaData.getTables(null, null, name, new String[] {"TABLE"})) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    /** Whether the database is PostgreSQL, where several runtimes may write at once. */
    public static boolean isPostgreSql(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }
}
