package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Configuration operators can trust: hand edits are validated, versions are kept, and rollbacks restore them. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationIT extends MultibrokerTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    private BrokerRegistry registry;

    @Inject
    private ConfigurationHistory history;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return assembly();
    }

    private HealthStatus status(String account) {
        return registry.account(account).map(a -> a.health().status()).orElse(null);
    }

    @Test
    public void aHandEditedFileIsValidatedVersionedAndRolledBack() throws Exception {
        Path file = Path.of(System.getProperty("karaf.base"), "etc", "io.multibroker.paper-itest-file.cfg");
        Files.writeString(file, "account.id = itest-file\nlatency.median.ms = 2\nseed = 7\n");
        await("account from the file UP").atMost(WAIT).until(() -> status("itest-file") == HealthStatus.UP);
        await("version 1").atMost(WAIT).until(() -> history.versions("itest-file").size() == 1);
        assertEquals("file", history.versions("itest-file").get(0).source());

        // an invalid edit: refused, the account keeps running on version 1, and says why
        Files.writeString(file, "account.id = itest-file\nlatency.median.ms = -1\nseed = 7\n");
        await("refused edit shows in health").atMost(WAIT).until(() -> status("itest-file") == HealthStatus.DEGRADED);
        String health = execute("broker:health", "viewer");
        assertTrue(health, health.contains("latency.median.ms=-1: must be at least 0"));
        assertEquals(1, history.versions("itest-file").size());
        assertTrue(registry.account("itest-file").isPresent());
        assertTrue(execute("broker:order itest-file EUR_USD buy 10", "admin").contains("FILLED"));

        // a valid edit is applied and becomes version 2
        Files.writeString(file, "account.id = itest-file\nlatency.median.ms = 3\nseed = 7\n");
        await("version 2").atMost(WAIT).until(() -> history.versions("itest-file").size() == 2);
        await("healthy again").atMost(WAIT).until(() -> status("itest-file") == HealthStatus.UP);
        assertEquals("3", history.versions("itest-file").get(1).properties().get("latency.median.ms"));
        String diff = execute("broker:config-diff itest-file 1 2", "viewer");
        assertTrue(diff, diff.contains("latency.median.ms") && diff.contains("2") && diff.contains("3"));

        // a rollback restores version 1 exactly, as version 3
        execute("broker:config-rollback itest-file 1", "admin");
        await("version 3").atMost(WAIT).until(() -> history.versions("itest-file").size() == 3);
        ConfigurationVersion rolledBack = history.versions("itest-file").get(2);
        assertEquals("rollback", rolledBack.source());
        assertEquals(without(history.versions("itest-file").get(0)), without(rolledBack));
        assertTrue(history.diff("itest-file", 1, 3).stream().allMatch(c -> c.key().startsWith("felix.")));

        // the history survives a restart of the bundle that keeps it
        Bundle registryBundle = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> "io.multibroker.registry".equals(b.getSymbolicName())).findFirst().orElseThrow();
        registryBundle.stop();
        registryBundle.start();
        await("history after restart").atMost(WAIT).until(() -> {
            try {
                return history.versions("itest-file").size() == 3;
            } catch (RuntimeException serviceGoingAway) {
                return false;
            }
        });
        String shown = execute("broker:config-history itest-file", "viewer");
        assertTrue(shown, shown.contains("rollback") && shown.contains("file"));
        Files.delete(file);
        await("account gone with its file").atMost(WAIT).until(() -> registry.account("itest-file").isEmpty());
    }

    private static java.util.Map<String, String> without(ConfigurationVersion version) {
        java.util.Map<String, String> properties = new java.util.TreeMap<>(version.properties());
        properties.keySet().removeIf(k -> k.startsWith("felix."));
        return properties;
    }

    @Test
    public void theSchemaOfEveryTypeCanBePrinted() throws Exception {
        String schema = execute("broker:config-schema paper", "viewer");
        assertTrue(schema, schema.contains("latency.median.ms") && schema.contains("[0, 60000]") && schema.contains("USD EUR"));
        List<ConfigurationVersion> none = history.versions("no-such-account");
        assertTrue(none.isEmpty());
    }
}
