package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerFactory;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import javax.inject.Inject;
import org.junit.Assert;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

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
        Bundle registryBundle = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "io.multibroker.registry".equals(b.getSymbolicName())).findFirst().orElseThrow();
        restart(registryBundle);
        ConfigurationHistory restarted = bundleContext.getService(bundleContext.getServiceReference(ConfigurationHistory.class));
        assertEquals(3, restarted.versions("itest-file").size());
        String shown = execute("broker:config-history itest-file", "viewer");
        assertTrue(shown, shown.contains("rollback") && shown.contains("file"));
        // the injected registry is the stopped one: the account's removal is watched on the restarted one
        BrokerRegistry restartedRegistry = bundleContext.getService(bundleContext.getServiceReference(BrokerRegistry.class));
        await("account in the restarted registry").atMost(WAIT).until(() -> restartedRegistry.account("itest-file").isPresent());
        Files.delete(file);
        await("account gone with its file").atMost(WAIT).until(() -> restartedRegistry.account("itest-file").isEmpty());
    }

    private static Map<String, String> without(ConfigurationVersion version) {
        Map<String, String> properties = new TreeMap<>(version.properties());
        properties.keySet().removeIf(k -> k.startsWith("felix."));
        return properties;
    }

    @Inject
    private BrokerFactory factory;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void invalidRegistrySettingsLeaveTheLastValidOnesInForce() throws Exception {
        Path file = Path.of(System.getProperty("karaf.base"), "etc", "io.multibroker.registry.cfg");
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("health.interval.seconds = 10", "health.interval.seconds = 0"));
            Path log = Path.of(System.getProperty("karaf.base"), "data/log/karaf.log");
            await("refusal logged").atMost(WAIT).until(() -> Files.readString(log).contains("configuration of registry refused (io.multibroker.registry): [health.interval.seconds=0"));
            // the registry still runs and checks accounts
            assertTrue(execute("broker:health", "viewer").contains("paper-fast"));
        } finally {
            Files.writeString(file, original);
        }
    }

    @Test
    public void anExportImportedAgainReproducesTheAccountsAndAHalfInvalidImportChangesNothing() throws Exception {
        factory.createAccount("paper", "itest-exp-a", Map.of("latency.median.ms", "2", "hedging", "true"));
        factory.createAccount("paper", "itest-exp-b", Map.of("currency", "EUR", "instruments", "EUR_USD,EUR_GBP"));
        await("both up").atMost(WAIT).until(() -> status("itest-exp-a") == HealthStatus.UP && status("itest-exp-b") == HealthStatus.UP);
        execute("abtest:create itest-exp-x itest-exp-a=60 itest-exp-b=40", "admin");
        await("experiment").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("itest-exp-x"));
        // the account's risk limits are a kind of configuration of their own (the risk bundle's): a backup holds them too
        org.osgi.service.cm.Configuration limits = configAdmin.getFactoryConfiguration("io.multibroker.risk.account", "itest-exp-a", "?");
        limits.update(new Hashtable<>(Map.of("account.id", "itest-exp-a", "max.open.orders", "7")));
        Path file = Path.of(System.getProperty("karaf.base"), "itest-backup.json");
        assertTrue(execute("broker:config-export " + file, "admin").contains("Exported"));
        String exported = Files.readString(file);
        assertTrue(exported, exported.contains("itest-exp-a") && exported.contains("\"currency\" : \"EUR\"")
                && exported.contains("\"itest-exp-x\"") && exported.contains("itest-exp-a=60,itest-exp-b=40"));
        JsonNode riskLimits = StreamSupport.stream(new ObjectMapper().readTree(exported).path("settings").spliterator(), false)
                .filter(setting -> setting.path("kind").asText().equals("risk-account") && setting.path("name").asText().equals("itest-exp-a"))
                .findFirst().orElseThrow(() -> new AssertionError("no risk limits of itest-exp-a in " + exported));
        assertEquals("7", riskLimits.path("properties").path("max.open.orders").asText());

        // gone, as on a fresh instance
        limits.delete();
        execute("abtest:delete itest-exp-x", "admin");
        factory.removeAccount("itest-exp-a");
        factory.removeAccount("itest-exp-b");
        await("both gone").atMost(WAIT).until(() -> registry.account("itest-exp-a").isEmpty() && registry.account("itest-exp-b").isEmpty());

        String dryRun = execute("broker:config-import " + file + " --dry-run", "admin");
        assertTrue(dryRun, dryRun.contains("create") && dryRun.contains("Dry run"));
        assertTrue(registry.account("itest-exp-a").isEmpty());

        execute("broker:config-import " + file, "admin");
        await("both back").atMost(WAIT).until(() -> status("itest-exp-a") == HealthStatus.UP && status("itest-exp-b") == HealthStatus.UP);
        assertTrue(registry.requireAccount("itest-exp-a").capabilities().has(BrokerCapability.HEDGING));
        assertEquals(Set.of("EUR_USD", "EUR_GBP"), registry.requireAccount("itest-exp-b").capabilities().instruments().keySet());
        await("experiment back").atMost(WAIT).until(() -> execute("abtest:show itest-exp-x", "viewer").contains("itest-exp-a 60.00 %"));
        await("import recorded").atMost(WAIT).until(() -> "import".equals(
                history.versions("itest-exp-b").get(history.versions("itest-exp-b").size() - 1).source()));
        List<String> sources = history.versions("itest-exp-b").stream().map(ConfigurationVersion::source).toList();
        assertEquals(List.of("console", "removed", "import"), sources);
        org.osgi.service.cm.Configuration[] restoredLimits = configAdmin.listConfigurations("(&(service.factoryPid=io.multibroker.risk.account)(account.id=itest-exp-a))");
        assertTrue("the risk limits came back with the import", restoredLimits != null && restoredLimits.length == 1);
        assertEquals("7", String.valueOf(restoredLimits[0].getProperties().get("max.open.orders")));
        assertTrue(execute("risk:limits", "viewer"), execute("risk:limits", "viewer").contains("itest-exp-a"));
        restoredLimits[0].delete();

        // one good account and one bad one: nothing at all is imported
        Path half = Path.of(System.getProperty("karaf.base"), "itest-half.json");
        Files.writeString(half, exported
                .replace("itest-exp-a", "itest-new-ok")
                .replace("\"currency\" : \"EUR\"", "\"currency\" : \"XYZ\"").replace("itest-exp-b", "itest-new-bad"));
        try {
            execute("broker:config-import " + half, "admin");
            Assert.fail("a half-invalid document was imported");
        } catch (CommandFailed expected) {
            String why = String.valueOf(expected.getCause());
            assertTrue(why, why.contains("currency: \"XYZ\"") && why.contains("account itest-new-bad") && why.contains("nothing was changed"));
        }
        assertTrue(registry.account("itest-new-ok").isEmpty());
        assertTrue(registry.account("itest-new-bad").isEmpty());
        // an experiment whose weights do not add up spoils the whole document too
        Files.writeString(half, exported.replace("itest-exp-a=60,itest-exp-b=40", "itest-exp-a=60,itest-exp-b=30")
                .replace("\"latency.median.ms\" : \"2.0\"", "\"latency.median.ms\" : \"4.0\""));
        try {
            execute("broker:config-import " + half, "admin");
            Assert.fail("an experiment with weights summing to 90 % was imported");
        } catch (CommandFailed expected) {
            String why = String.valueOf(expected.getCause());
            assertTrue(why, why.contains("itest-exp-x") && why.contains("arms") && why.contains("nothing was changed"));
        }
        assertEquals("2.0", factory.configuration("itest-exp-a").get("latency.median.ms").toString());
        execute("abtest:delete itest-exp-x", "admin");
        factory.removeAccount("itest-exp-a");
        factory.removeAccount("itest-exp-b");
    }

    @Test
    public void placeholdersAreResolvedByKarafCheckedOnceResolvedAndKeptUnresolvedInTheHistory() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.base"), "etc");
        Files.writeString(etc.resolve("itest-latency"), "5");
        Path file = etc.resolve("io.multibroker.paper-itest-secret.cfg");
        Files.writeString(file, "account.id = itest-secret\nlatency.median.ms = $[secret:itest-latency]\n");
        await("account up").atMost(WAIT).until(() -> status("itest-secret") == HealthStatus.UP);
        await("version 1").atMost(WAIT).until(() -> history.versions("itest-secret").size() == 1);
        assertEquals("$[secret:itest-latency]", history.versions("itest-secret").get(0).properties().get("latency.median.ms"));

        // the resolved value is what gets checked: an out-of-range secret is refused like a literal
        Files.writeString(etc.resolve("itest-latency"), "-9");
        Files.writeString(file, "account.id = itest-secret\nlatency.median.ms = $[secret:itest-latency]\nseed = 3\n");
        await("refused").atMost(WAIT).until(() -> status("itest-secret") == HealthStatus.DEGRADED);
        assertTrue(registry.requireAccount("itest-secret").health().reason().contains("latency.median.ms=-9"));
        Files.delete(file);
        Files.delete(etc.resolve("itest-latency"));
    }

    @Test
    public void aSecretNeverShowsInCommandsExportsHistoryServicePropertiesOrTheLog() throws Exception {
        String secret = "hunter2-" + System.nanoTime();
        Path base = Path.of(System.getProperty("karaf.base"));
        Path config = base.resolve("etc/io.multibroker.sample-itest-masked.cfg");
        Files.writeString(config, "account.id = itest-masked\n.token = " + secret + "\n");
        Path jar = base.resolve("deploy/multibroker-sample-adapter.jar");
        Files.copy(Path.of(System.getProperty("multibroker.sample.jar")), jar, StandardCopyOption.REPLACE_EXISTING);
        try {
            await("sample account up").atMost(WAIT).until(() -> status("itest-masked") == HealthStatus.UP);
            await("version 1").atMost(WAIT).until(() -> history.versions("itest-masked").size() == 1);

            String info = execute("broker:info itest-masked", "viewer");
            assertTrue(info, info.contains(".token") && info.contains("********") && !info.contains(secret));
            String schema = execute("broker:config-schema sample", "viewer");
            assertTrue(schema, schema.contains("PASSWORD (secret)"));

            Path plain = base.resolve("itest-plain.json");
            execute("broker:config-export " + plain, "admin");
            String exported = Files.readString(plain);
            assertTrue(exported, !exported.contains(secret) && exported.contains("\"secretsOmitted\" : [ \".token\" ]"));
            Path full = base.resolve("itest-full.json");
            execute("broker:config-export " + full + " --with-secrets", "admin");
            assertTrue(Files.readString(full).contains(secret));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(full));

            String fingerprint = history.versions("itest-masked").get(0).properties().get(".token");
            assertTrue(fingerprint, fingerprint.startsWith("sha256:"));
            for (var reference : bundleContext.getServiceReferences(BrokerAdapter.class, "(account.id=itest-masked)")) {
                for (String key : reference.getPropertyKeys()) {
                    assertTrue(key, !String.valueOf(reference.getProperty(key)).contains(secret));
                }
            }
            // an import without the secret keeps the account's current one
            // the same document with one more setting, and still without the secret
            Files.writeString(plain, exported.replace("\"account.id\" : \"itest-masked\"", "\"account.id\" : \"itest-masked\", \"bid\" : \"1.10001\""));
            execute("broker:config-import " + plain, "admin");
            org.osgi.service.cm.Configuration[] stored = configAdmin.listConfigurations("(account.id=itest-masked)");
            assertEquals(secret, stored[0].getProperties().get(".token"));
            assertEquals("1.10001", String.valueOf(stored[0].getProperties().get("bid")));
            Path log = base.resolve("data/log/karaf.log");
            assertTrue(!Files.readString(log).contains(secret));
        } finally {
            Files.deleteIfExists(jar);
            Files.deleteIfExists(config);
        }
    }

    @Test
    public void aHandEditedExperimentIsValidatedAndVersionedLikeAnAccount() throws Exception {
        Path file = Path.of(System.getProperty("karaf.base"), "etc", "io.multibroker.abtest.experiment-itest-file.cfg");
        Files.writeString(file, "name = itest-file-exp\narms = paper-fast=80,paper-slow=20\n");
        await("experiment from the file").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("paper-fast 80.00 %"));
        await("version 1").atMost(WAIT).until(() -> history.versions("experiment:itest-file-exp").size() == 1);

        // weights that do not add up: refused, the experiment keeps running on 80/20
        Files.writeString(file, "name = itest-file-exp\narms = paper-fast=80,paper-slow=10\n");
        Path log = Path.of(System.getProperty("karaf.base"), "data/log/karaf.log");
        await("refusal logged").atMost(WAIT).until(() -> Files.readString(log).contains("configuration of experiment:itest-file-exp refused"));
        // the experiment never went away: it kept running on its last valid weights
        assertTrue(execute("abtest:show itest-file-exp", "viewer").contains("paper-fast 80.00 %"));
        assertEquals(1, history.versions("experiment:itest-file-exp").size());

        Files.writeString(file, "name = itest-file-exp\narms = paper-fast=50,paper-slow=50\n");
        await("version 2").atMost(WAIT).until(() -> history.versions("experiment:itest-file-exp").size() == 2);
        await("applied").atMost(WAIT).until(() -> execute("abtest:show itest-file-exp", "viewer").contains("paper-fast 50.00 %"));
        String shown = execute("broker:config-history experiment:itest-file-exp", "viewer");
        assertTrue(shown, shown.contains("paper-fast=80,paper-slow=20 -> paper-fast=50,paper-slow=50"));
        Files.delete(file);
    }

    @Test
    public void theSchemaOfEveryTypeCanBePrinted() throws Exception {
        String schema = execute("broker:config-schema paper", "viewer");
        assertTrue(schema, schema.contains("latency.median.ms") && schema.contains("[0, 60000]") && schema.contains("USD EUR"));
        List<ConfigurationVersion> none = history.versions("no-such-account");
        assertTrue(none.isEmpty());
    }
}
