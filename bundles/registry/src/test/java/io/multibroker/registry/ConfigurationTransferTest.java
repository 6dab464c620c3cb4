package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ImportPlan;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.config.KindConfiguration;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Kinds other than accounts and experiments (the registry's settings, risk limits, whatever a bundle registers) are
 * backed up and restored by looping over the registered kinds: exported as written, secrets left out unless asked,
 * validated by their own schema on import, and created or updated all or nothing.
 */
class ConfigurationTransferTest {

    private static final String LIMITS_PID = "io.example.limits";
    private static final String PER_ACCOUNT_PID = "io.example.limits.account";
    private static final ConfigurationSchema LIMITS = new ConfigurationSchema(LIMITS_PID, "Limits", "", List.of(
            new AttributeSchema("max.units", "Max units", "", AttributeType.DOUBLE, false, null, List.of(), "0", null, 0),
            new AttributeSchema(".alert.token", "Alert token", "", AttributeType.PASSWORD, false, null, List.of(), null, null, 0)));
    private static final ConfigurationSchema PER_ACCOUNT = new ConfigurationSchema(PER_ACCOUNT_PID, "Account limits", "", List.of(
            new AttributeSchema("account.id", "Account", "", AttributeType.STRING, true, null, List.of(), null, null, 0),
            new AttributeSchema("max.orders", "Max open orders", "", AttributeType.INTEGER, false, null, List.of(), "1", null, 0)));

    private final InMemoryConfigurationAdmin configurations = new InMemoryConfigurationAdmin();
    private final ConfigurationTransfer transfer;

    ConfigurationTransferTest() {
        ConfigurationKindsImpl kinds = new ConfigurationKindsImpl((bundle, pid) -> Optional.of(pid.equals(LIMITS_PID) ? LIMITS : PER_ACCOUNT));
        kinds.add(new TestKinds.Singleton("limits", LIMITS_PID), null);
        kinds.add(new TestKinds.Factory("limits-account", PER_ACCOUNT_PID, "account.id"), null);
        BrokerRegistry noBrokers = (BrokerRegistry) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BrokerRegistry.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "types" -> List.of();
                    case "type" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        transfer = new ConfigurationTransfer(configurations.admin, noBrokers, kinds, (pid, source) -> {
        });
    }

    private static ConfigurationDocument document(List<KindConfiguration> settings) {
        return new ConfigurationDocument(ConfigurationDocument.FORMAT, Instant.now(), false, List.of(), Map.of(), settings);
    }

    @Test
    void anExportHoldsEveryConfigurationOfEveryOtherKindAsWrittenWithoutItsSecretOrNameKey() {
        configurations.put(LIMITS_PID, null, Map.of("max.units", 500.0, ".alert.token", "s3cret"));
        configurations.put(PER_ACCOUNT_PID + "~paper-fast", PER_ACCOUNT_PID, Map.of("account.id", "paper-fast", "max.orders", 3));

        ConfigurationDocument exported = transfer.export(false);
        assertEquals(List.of(new KindConfiguration("limits", null, Map.of("max.units", "500.0"), List.of(".alert.token")),
                new KindConfiguration("limits-account", "paper-fast", Map.of("max.orders", "3"), List.of())), exported.settings());
        assertEquals(ConfigurationDocument.FORMAT, exported.format());
        assertEquals("s3cret", transfer.export(true).settings().get(0).properties().get(".alert.token"));
    }

    @Test
    void anImportCreatesEachConfigurationTypedByItsSchemaAndADryRunWritesNothing() {
        ConfigurationDocument restored = document(List.of(new KindConfiguration("limits", null, Map.of("max.units", "250"), List.of()),
                new KindConfiguration("limits-account", "paper-slow", Map.of("max.orders", "2"), List.of())));

        ImportPlan dryRun = transfer.importDocument(restored, true);
        assertEquals(Map.of("limits", "create", "limits-account:paper-slow", "create"), dryRun.actions());
        assertFalse(dryRun.applied());
        assertEquals(List.of(), configurations.pids());

        assertTrue(transfer.importDocument(restored, false).applied());
        assertEquals(Map.of("max.units", 250.0), configurations.properties(LIMITS_PID));
        assertEquals(Map.of("account.id", "paper-slow", "max.orders", 2), configurations.properties(PER_ACCOUNT_PID + "~paper-slow"));
        assertEquals(Map.of("limits", "unchanged", "limits-account:paper-slow", "unchanged"), transfer.importDocument(restored, true).actions());
    }

    @Test
    void aSecretLeftOutOfTheDocumentKeepsTheCurrentOne() {
        configurations.put(LIMITS_PID, null, Map.of("max.units", 500.0, ".alert.token", "s3cret"));
        transfer.importDocument(document(List.of(new KindConfiguration("limits", null, Map.of("max.units", "100"), List.of(".alert.token")))), false);
        assertEquals(Map.of("max.units", 100.0, ".alert.token", "s3cret"), configurations.properties(LIMITS_PID));
    }

    @Test
    void anInvalidSettingUnknownKindOrMisplacedNameRefusesTheWholeDocumentByKeyValueAndRule() {
        Map<String, String> valid = new LinkedHashMap<>(Map.of("max.orders", "2"));
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class, () -> transfer.importDocument(document(List.of(
                new KindConfiguration("limits-account", "paper-fast", valid, List.of()),
                new KindConfiguration("limits", null, Map.of("max.units", "-5"), List.of()),
                new KindConfiguration("nosuch", null, Map.of(), List.of()),
                new KindConfiguration("limits", "named", Map.of(), List.of()),
                new KindConfiguration("limits-account", null, Map.of(), List.of()))), false));
        List<String> violations = refused.violations().stream().map(Object::toString).toList();
        assertEquals(4, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("limits:/max.units=-5: must be at least 0"), violations.get(0));
        assertTrue(violations.get(1).startsWith("nosuch:/kind=nosuch: is not a registered kind") && violations.get(1).contains("limits, limits-account"),
                violations.get(1));
        assertTrue(violations.get(2).startsWith("limits:named/name=named: must be absent"), violations.get(2));
        assertTrue(violations.get(3).startsWith("limits-account:/name: is required"), violations.get(3));
        assertEquals(List.of(), configurations.pids(), "nothing was written, not even the valid one");
    }

    @Test
    void aDocumentOfTheFirstFormatStillImportsAndAnUnknownFormatIsRefused() {
        ConfigurationDocument first = new ConfigurationDocument(ConfigurationDocument.FORMAT_ACCOUNTS_AND_EXPERIMENTS, Instant.now(), false,
                List.of(), Map.of());
        assertEquals(Map.of(), transfer.importDocument(first, false).actions());
        ConfigurationDocument later = new ConfigurationDocument(ConfigurationDocument.FORMAT + 1, Instant.now(), false, List.of(), Map.of());
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class, () -> transfer.importDocument(later, true));
        assertEquals("format", refused.violations().get(0).key());
        assertNull(configurations.properties(LIMITS_PID));
    }
}
