package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The assembled runtime on a real PostgreSQL, configured as an operator does (etc/org.ops4j.datasource-multibroker.cfg
 * and the two stores told to wait for it, what ./multibroker writes from MULTIBROKER_POSTGRESQL_URL): the schema is
 * migrated at start, orders are journalled and experiment outcomes and execution quality recorded there, and nothing goes to the embedded
 * file. The server is a throwaway cluster of this test run (Debian's postgresql package), on loopback.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresIT extends MultibrokerTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String[] ADMIN = {"admin", "manager", "viewer"};

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        String[] database = DriverSidePostgres.newDatabase("runtime");
        String file = "etc/org.ops4j.datasource-multibroker.cfg";
        return OptionUtils.combine(assembly(),
                editConfigurationFilePut(file, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver"),
                editConfigurationFilePut(file, "dataSourceName", "multibroker"),
                editConfigurationFilePut(file, "url", database[0]),
                editConfigurationFilePut(file, "user", database[1]),
                editConfigurationFilePut(file, "password", "trusted-on-loopback"),
                editConfigurationFilePut(file, "pool", "hikari"),
                editConfigurationFilePut(file, "xa", "false"),
                editConfigurationFilePut("etc/io.multibroker.journal.cfg", "dataSource.cardinality.minimum", "1"),
                editConfigurationFilePut("etc/io.multibroker.abtest.outcomes.cfg", "dataSource.cardinality.minimum", "1"),
                editConfigurationFilePut("etc/io.multibroker.quality.cfg", "dataSource.cardinality.minimum", "1"),
                editConfigurationFilePut("etc/io.multibroker.history.cfg", "dataSource.cardinality.minimum", "1"),
                editConfigurationFilePut("etc/io.multibroker.confighistory.cfg", "dataSource.cardinality.minimum", "1"));
    }

    private DataSource database() throws Exception {
        await("the DataSource pax-jdbc-config makes").atMost(WAIT).until(() -> !references().isEmpty());
        return bundleContext.getService(references().iterator().next());
    }

    private Collection<ServiceReference<DataSource>> references() throws Exception {
        return bundleContext.getServiceReferences(DataSource.class, "(dataSourceName=multibroker)");
    }

    private static long count(DataSource database, String sql, String parameter) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setString(1, parameter);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    public void ordersAndOutcomesAreKeptInPostgreSqlAndNothingInTheEmbeddedFile() throws Exception {
        DataSource database = database();
        try (Connection connection = database.getConnection()) {
            assertEquals("PostgreSQL", connection.getMetaData().getDatabaseProductName());
        }
        await("the journal's and the outcome store's schemas migrated").atMost(WAIT).until(() -> {
            try {
                return count(database, "SELECT COUNT(*) FROM journal_schema_history WHERE success AND version = '2'", null) == 1
                        && count(database, "SELECT COUNT(*) FROM outcomes_schema_history WHERE success AND version = '2'", null) == 1;
            } catch (SQLException notYet) {
                return false;
            }
        });

        await("paper accounts up").atMost(WAIT).until(() -> execute("broker:list", "viewer").contains("paper-fast"));
        String placed = execute("broker:order paper-fast EUR_USD buy 1000 --client-id pg-itest-1", ADMIN);
        assertTrue(placed, placed.contains("pg-itest-1"));
        await("the order journalled in PostgreSQL").atMost(WAIT).until(() -> count(database,
                "SELECT COUNT(*) FROM journal_entry WHERE client_order_id = ? AND kind = 'INTENT'", "pg-itest-1") == 1);
        assertEquals(1, count(database, "SELECT COUNT(*) FROM journal_order WHERE client_order_id = ? AND status = 'FILLED'",
                "pg-itest-1"));

        execute("abtest:create pg-itest paper-fast=50 paper-slow=50", ADMIN);
        await("experiment registered").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("pg-itest"));
        String run = execute("abtest:run pg-itest --orders 40 --concurrency 4", ADMIN);
        assertTrue(run, run.contains("40"));
        long recorded = count(database, "SELECT COUNT(*) FROM experiment_outcome WHERE experiment = ?", "pg-itest");
        assertEquals("every routed order's outcome is in PostgreSQL, with its commit-order column", 40, recorded);
        assertEquals(40, count(database, "SELECT COUNT(*) FROM experiment_outcome WHERE experiment = ? AND committed_xid > 0",
                "pg-itest"));
        String report = execute("abtest:report pg-itest --json", "viewer");
        assertTrue("the report reads what PostgreSQL holds: " + report, report.contains("\"orders\""));

        await("the fills' execution quality recorded in PostgreSQL").atMost(WAIT).until(() -> count(database,
                "SELECT COUNT(*) FROM fill_quality WHERE experiment = ?", "pg-itest") > 0);
        assertEquals(1, count(database, "SELECT COUNT(*) FROM quality_schema_history WHERE success AND version = '1'", null));

        Path data = Path.of(System.getProperty("karaf.data"), "multibroker");
        assertFalse("no embedded journal was opened", Files.exists(data.resolve("journal.mv.db")));
        assertFalse("no embedded outcome store was opened", Files.exists(data.resolve("outcomes.mv.db")));
        assertFalse("no embedded execution quality store was opened", Files.exists(data.resolve("quality.mv.db")));
        // the capability and error history is shared too: its tables are in PostgreSQL, and, told to wait for the
        // DataSource as the launcher tells it, it never opened an embedded file of its own
        assertFalse("no embedded history was opened", Files.exists(data.resolve("history.mv.db")));
        assertEquals(1, count(database, "SELECT COUNT(*) FROM history_schema_history WHERE success AND version = '1'", null));
        // and so is the configuration history: the accounts' versions are rows every runtime on the database reads
        assertFalse("no embedded configuration history was opened", Files.exists(data.resolve("confighistory.mv.db")));
        assertEquals(1, count(database, "SELECT COUNT(*) FROM confighistory_schema_history WHERE success AND version = '1'", null));
        await("paper-fast's configuration version in PostgreSQL").atMost(WAIT).until(() -> count(database,
                "SELECT COUNT(*) FROM configuration_versions WHERE account_id = ?", "paper-fast") > 0);
        execute("abtest:delete pg-itest", ADMIN);
    }
}
