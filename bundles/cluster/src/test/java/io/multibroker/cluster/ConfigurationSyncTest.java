package io.multibroker.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.AccountConfiguration;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.storage.SchemaMigrations;
import io.multibroker.testing.postgres.ThrowawayPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two runtimes' configurations kept the same through one real PostgreSQL. */
class ConfigurationSyncTest {

    private static ThrowawayPostgres postgres;
    private DataSource database;
    private Runtime a;
    private Runtime b;

    /** A runtime's configuration: accounts (with a secret .token) and experiments, as the backup service would give them. */
    private static final class Runtime implements ConfigurationSync.Local {
        final Map<String, AccountConfiguration> accounts = new TreeMap<>();
        final Map<String, Map<String, String>> experiments = new TreeMap<>();

        @Override
        public ConfigurationDocument export(boolean withSecrets) {
            List<AccountConfiguration> listed = new ArrayList<>();
            for (AccountConfiguration account : accounts.values()) {
                if (withSecrets || !account.properties().containsKey(".token")) {
                    listed.add(account);
                } else {
                    Map<String, String> without = new TreeMap<>(account.properties());
                    without.remove(".token");
                    listed.add(new AccountConfiguration(account.accountId(), account.brokerType(), without, List.of(".token")));
                }
            }
            return new ConfigurationDocument(ConfigurationDocument.FORMAT, Instant.now(), withSecrets, listed, experiments, List.of());
        }

        @Override
        public void apply(ConfigurationDocument items) {
            items.accounts().forEach(account -> accounts.put(account.accountId(), account));
            experiments.putAll(items.experiments());
        }

        @Override
        public void remove(String item) {
            accounts.remove(item.substring(ConfigurationItems.ACCOUNT.length()));
            experiments.remove(item.substring(ConfigurationItems.EXPERIMENT.length()));
        }

        void account(String id, String... keysAndValues) {
            Map<String, String> properties = new TreeMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                properties.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            accounts.put(id, new AccountConfiguration(id, "oanda", properties, List.of()));
        }
    }

    @BeforeAll
    static void startPostgres() {
        postgres = ThrowawayPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void twoRuntimes() {
        database = postgres.dataSource(postgres.createDatabase("shared"));
        SchemaMigrations.apply(database, ConfigurationSync.class.getClassLoader(), "cluster", "account_lease");
        a = new Runtime();
        b = new Runtime();
    }

    private ConfigurationSync sync(Runtime runtime, String name) {
        return new ConfigurationSync(new SharedConfigurationTable(database), runtime, name);
    }

    @Test
    void aChangeOnOneRuntimeIsAppliedOnTheOtherAndTheSharedRowWinsAtStart() throws SQLException {
        a.account("oanda-1", "environment", "practice", ".token", "$[secret:oanda-token]");
        ConfigurationSync syncA = sync(a, "runtime-a");
        syncA.start();
        b.account("oanda-1", "environment", "live", ".token", "$[secret:other]");
        ConfigurationSync syncB = sync(b, "runtime-b");
        syncB.start();
        assertEquals("practice", b.accounts.get("oanda-1").properties().get("environment"), "the shared row wins at start");

        a.experiments.put("exp", Map.of("arms", "oanda-1=100"));
        syncA.publish();
        syncB.pull();
        assertEquals(Map.of("arms", "oanda-1=100"), b.experiments.get("exp"));

        b.experiments.remove("exp");
        syncB.publish();
        syncA.pull();
        assertFalse(a.experiments.containsKey("exp"), "a removal is applied too");
    }

    @Test
    void ofTwoChangesFromTheSameVersionOneWinsAndTheOtherIsRefusedNamingTheVersionItLostTo() throws SQLException {
        a.account("oanda-1", "environment", "practice");
        ConfigurationSync syncA = sync(a, "runtime-a");
        syncA.start();
        ConfigurationSync syncB = sync(b, "runtime-b");
        syncB.start();

        a.account("oanda-1", "environment", "practice", "timeout.ms", "1000");
        b.account("oanda-1", "environment", "practice", "timeout.ms", "9000");
        syncA.publish();
        syncB.publish();

        assertEquals("1000", b.accounts.get("oanda-1").properties().get("timeout.ms"), "the winner's content applied on the loser");
        assertEquals("1000", a.accounts.get("oanda-1").properties().get("timeout.ms"));
        List<String[]> history = new SharedConfigurationTable(database).history("account/oanda-1");
        String[] refused = history.get(history.size() - 1);
        String[] won = history.get(history.size() - 2);
        assertNull(refused[0], "the refused change has no version");
        assertEquals(won[0], refused[1], "it names the version it lost to");
        assertEquals("runtime-b", refused[2]);
        assertTrue(refused[3].contains("9000"), "what was refused is kept");
        long previous = 0;
        for (String[] change : history) {
            if (change[0] != null) {
                assertTrue(Long.parseLong(change[0]) > previous, "versions grow");
                previous = Long.parseLong(change[0]);
            }
        }
    }

    @Test
    void secretsAreSharedAsReferencesOnlyAndAnAccountWithASecretInClearIsNotShared() throws SQLException {
        a.account("by-reference", ".token", "$[secret:oanda-token]");
        a.account("in-clear", ".token", "abcd-1234-real-token");
        sync(a, "runtime-a").start();
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT item, content FROM shared_configuration ORDER BY item"); ResultSet rows = query.executeQuery()) {
            assertTrue(rows.next());
            assertEquals("account/by-reference", rows.getString(1));
            assertTrue(rows.getString(2).contains("$[secret:oanda-token]"), rows.getString(2));
            assertFalse(rows.next(), "the account with its token in clear is not in the shared database");
        }
        ConfigurationSync syncB = sync(b, "runtime-b");
        syncB.start();
        assertEquals("$[secret:oanda-token]", b.accounts.get("by-reference").properties().get(".token"), "resolved by each host");
    }
}
