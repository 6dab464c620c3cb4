package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerType;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.AccountConfiguration;
import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class ConfigurationImportTest {

    private static final ConfigurationSchema SCHEMA = new ConfigurationSchema("io.multibroker.paper", "Paper", "", List.of(
            new AttributeSchema("account.id", "Account", "", AttributeType.STRING, true, null, List.of(), null, null, 0),
            new AttributeSchema("seed", "Seed", "", AttributeType.LONG, false, "1", List.of(), null, null, 0)));
    private static final BrokerTypeInfo PAPER = new BrokerTypeInfo("paper", "Paper", "io.multibroker.paper", null, Set.of(), SCHEMA);

    /** An interface whose listed methods answer as given and whose others are not called here. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (!answers.containsKey(method.getName())) {
                throw new UnsupportedOperationException(method.getName());
            }
            return answers.get(method.getName());
        });
    }

    @Test
    void aValueOfTheWrongTypeIsAViolationNamingTheAccountKeyAndValueNotAParseError() {
        BrokerRegistry registry = fake(BrokerRegistry.class, Map.of("type", Optional.of(PAPER), "types", List.of(PAPER)));
        ConfigurationAdmin configAdmin = fake(ConfigurationAdmin.class, new HashMap<>(Map.of()) {
            {
                put("listConfigurations", null);
            }
        });
        ConfigurationKindsImpl kinds = new ConfigurationKindsImpl((bundle, pid) -> Optional.of(SCHEMA));
        kinds.add(new BrokerType() {
            @Override
            public String id() {
                return "paper";
            }

            @Override
            public String displayName() {
                return "Paper";
            }

            @Override
            public String factoryPid() {
                return "io.multibroker.paper";
            }

            @Override
            public Set<BrokerCapability> staticCapabilities() {
                return Set.of();
            }
        }, null);
        ConfigurationTransfer factory = new ConfigurationTransfer(configAdmin, registry, kinds, (pid, source) -> {
        });
        ConfigurationDocument document = new ConfigurationDocument(ConfigurationDocument.FORMAT, Instant.now(), false,
                List.of(new AccountConfiguration("paper-fast", "paper", Map.of("seed", "x"), List.of())), Map.of());
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> factory.importDocument(document, true));
        assertEquals(List.of(new ConfigurationViolation("paper-fast/seed", "x", "must be a whole number")), refused.violations());
    }

    @Test
    void anExportWritesTheConfigurationInForceNotOneThatWasRefused() {
        BrokerRegistry registry = fake(BrokerRegistry.class, Map.of("type", Optional.of(PAPER), "types", List.of(PAPER)));
        Hashtable<String, Object> refused = new Hashtable<>(Map.of("account.id", "paper-fast", "seed", "-1",
                "service.factoryPid", "io.multibroker.paper"));
        Configuration stored = fake(Configuration.class, Map.of("getProperties", refused));
        ConfigurationAdmin configAdmin = fake(ConfigurationAdmin.class, new HashMap<>(Map.of()) {
            {
                put("listConfigurations", null);
            }
        });
        ConfigurationAdmin listing = (ConfigurationAdmin) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> method.getName().equals("listConfigurations")
                        && String.valueOf(args[0]).contains("io.multibroker.paper") ? new Configuration[] {stored}
                        : method.invoke(configAdmin, args));
        ConfigurationTransfer factory = new ConfigurationTransfer(listing, registry, new ConfigurationKindsImpl((bundle, pid) -> Optional.of(SCHEMA)),
                (pid, source) -> {
                });
        ConfigurationVersion accepted = new ConfigurationVersion("paper-fast", 1,
                Instant.now(), "file", Map.of("account.id", "paper-fast", "seed", "7"));
        factory.history = fake(ConfigurationHistory.class, Map.of(
                "refusal", List.of(new ConfigurationViolation("seed", "-1", "must be at least 0")), "versions", List.of(accepted)));

        ConfigurationDocument exported = factory.export(false);
        assertEquals(Map.of("account.id", "paper-fast", "seed", "7"), exported.accounts().get(0).properties(),
                "the refused seed=-1 is not in force: the last accepted version is");
    }

    @Test
    void removingAnAccountNeverDeletesAnotherKindsConfigurationThatNamesTheSameAccount() {
        BrokerRegistry registry = fake(BrokerRegistry.class, Map.of("type", Optional.of(PAPER), "types", List.of(PAPER)));
        List<String> deleted = new ArrayList<>();
        // risk limits for the account come first in ConfigAdmin's answer: they carry account.id too
        Configuration riskLimits = configuration("io.multibroker.risk.account", "paper-fast", deleted);
        Configuration account = configuration("io.multibroker.paper", "paper-fast", deleted);
        ConfigurationAdmin configAdmin = fake(ConfigurationAdmin.class, Map.of("listConfigurations",
                new Configuration[] {riskLimits, account}));
        BrokerFactoryImpl factory = new BrokerFactoryImpl(configAdmin, registry, new ConfigurationKindsImpl((bundle, pid) -> Optional.of(SCHEMA)),
                (pid, source) -> {
                });
        factory.removeAccount("paper-fast");
        assertEquals(List.of("io.multibroker.paper"), deleted, "only the broker account's configuration goes");
    }

    private static Configuration configuration(String factoryPid, String accountId, List<String> deleted) {
        return (Configuration) Proxy.newProxyInstance(ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getFactoryPid" -> factoryPid;
                    case "getPid" -> factoryPid + "~" + accountId;
                    case "getProperties" -> new Hashtable<>(Map.of("account.id", accountId, "service.factoryPid", factoryPid));
                    case "delete" -> {
                        deleted.add(factoryPid);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
