package io.multibroker.registry;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerFactory;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationSources;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.support.ConfigValues;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker accounts as ConfigAdmin factory configurations: one per account, named after the account,
 * of the type's factory PID. Every change is validated against the type's Metatype schema and the
 * type's own rules before anything is written.
 */
@Component(service = BrokerFactory.class)
public final class BrokerFactoryImpl implements BrokerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerFactoryImpl.class);
    /** Account ids become configuration names and file names: keep them to a safe alphabet. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ConfigurationAdmin configAdmin;
    private final BrokerRegistry registry;
    private final ConfigurationKinds kinds;
    private final ConfigurationSources sources;

    @Activate
    public BrokerFactoryImpl(@Reference ConfigurationAdmin configAdmin, @Reference BrokerRegistry registry,
            @Reference ConfigurationKinds kinds, @Reference ConfigurationSources sources) {
        this.configAdmin = configAdmin;
        this.registry = registry;
        this.kinds = kinds;
        this.sources = sources;
    }

    @Override
    public List<BrokerTypeInfo> types() {
        return registry.types();
    }

    @Override
    public void createAccount(String brokerType, String accountId, Map<String, Object> properties) {
        BrokerTypeInfo type = requireType(brokerType);
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new InvalidConfigurationException("account " + accountId, List.of(new ConfigurationViolation(
                    BrokerAdapter.ACCOUNT_ID, accountId, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")));
        }
        if (registry.account(accountId).isPresent() || findConfiguration(accountId).isPresent()) {
            throw StandardBrokerError.of(ErrorCode.CONFIGURATION_INVALID, null, "account " + accountId + " already exists",
                    ErrorContext.account(accountId));
        }
        Map<String, Object> wanted = new LinkedHashMap<>(properties);
        Object given = wanted.put(BrokerAdapter.ACCOUNT_ID, accountId);
        if (given != null && !given.toString().equals(accountId)) {
            throw new InvalidConfigurationException("account " + accountId, List.of(new ConfigurationViolation(
                    BrokerAdapter.ACCOUNT_ID, given.toString(), "differs from the account id " + accountId)));
        }
        Map<String, Object> typed = checked(type, accountId, wanted);
        try {
            // "?" binds the configuration to no single bundle, so that a redeployed adapter bundle picks it up again
            Configuration configuration = configAdmin.getFactoryConfiguration(type.factoryPid(), accountId, "?");
            sources.nextChangeOf(configuration.getPid(), "console");
            configuration.update(ConfigValues.dictionary(typed));
            LOG.info("account {} of type {} created", accountId, brokerType);
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not store the configuration of " + accountId + ": " + e, e);
        }
    }

    @Override
    public void reconfigure(String accountId, Map<String, Object> changes) {
        Configuration configuration = requireConfiguration(accountId);
        Map<String, Object> merged = StoredConfigurations.properties(configuration);
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        if (!accountId.equals(String.valueOf(merged.get(BrokerAdapter.ACCOUNT_ID)))) {
            throw new InvalidConfigurationException("account " + accountId, List.of(new ConfigurationViolation(
                    BrokerAdapter.ACCOUNT_ID, String.valueOf(merged.get(BrokerAdapter.ACCOUNT_ID)),
                    "cannot be changed: remove the account and create it under the new id")));
        }
        BrokerTypeInfo type = typeOfConfiguration(configuration, accountId);
        Map<String, Object> typed = checked(type, accountId, merged);
        if (merged.containsKey(FILE_KEY)) {
            // an account from an etc/*.cfg file: write text, so that FileInstall keeps the file as an operator wrote it
            typed = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : merged.entrySet()) {
                typed.put(entry.getKey(), entry.getKey().equals(FILE_KEY) ? entry.getValue() : ConfigValues.text(entry.getValue()));
            }
        }
        try {
            sources.nextChangeOf(configuration.getPid(), "console");
            configuration.update(ConfigValues.dictionary(typed));
            LOG.info("account {} reconfigured: {}", accountId, SchemaValidator.masked(type.schema(), changes).keySet());
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not store the configuration of " + accountId + ": " + e, e);
        }
    }

    @Override
    public void removeAccount(String accountId) {
        Configuration configuration = requireConfiguration(accountId);
        try {
            configuration.delete();
            LOG.info("account {} removed", accountId);
        } catch (IOException e) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "could not delete the configuration of " + accountId + ": " + e, e);
        }
    }

    @Override
    public void stopAccount(String accountId) {
        reconfigure(accountId, Map.of(BrokerAdapter.ACCOUNT_ENABLED, Boolean.FALSE));
    }

    @Override
    public void startAccount(String accountId) {
        reconfigure(accountId, Map.of(BrokerAdapter.ACCOUNT_ENABLED, Boolean.TRUE));
    }

    @Override
    public List<ConfigurationViolation> validate(String brokerType, Map<String, Object> properties) {
        return kinds.validate(requireType(brokerType).factoryPid(), properties);
    }

    @Override
    public Map<String, Object> configuration(String accountId) {
        Configuration configuration = requireConfiguration(accountId);
        Map<String, Object> properties = StoredConfigurations.properties(configuration);
        String factoryPid = configuration.getFactoryPid();
        ConfigurationSchema schema = registry.types().stream().filter(t -> t.factoryPid().equals(factoryPid))
                .map(BrokerTypeInfo::schema).findFirst().orElse(null);
        return SchemaValidator.masked(schema, properties);
    }

    private Map<String, Object> checked(BrokerTypeInfo type, String accountId, Map<String, Object> properties) {
        List<ConfigurationViolation> violations = validate(type.id(), properties);
        if (!violations.isEmpty()) {
            throw new InvalidConfigurationException("account " + accountId + " (" + type.id() + ")", violations);
        }
        return SchemaValidator.coerce(type.schema(), properties);
    }

    private BrokerTypeInfo requireType(String brokerType) {
        return registry.type(brokerType).orElseThrow(() -> StandardBrokerError.of(ErrorCode.UNSUPPORTED_BROKER, null,
                "unsupported broker type '" + brokerType + "' (registered types: "
                        + String.join(", ", registry.types().stream().map(BrokerTypeInfo::id).toList())
                        + "); is its bundle installed?", ErrorContext.NONE));
    }

    private BrokerTypeInfo typeOfConfiguration(Configuration configuration, String accountId) {
        String factoryPid = configuration.getFactoryPid();
        return registry.types().stream().filter(t -> t.factoryPid().equals(factoryPid)).findFirst()
                .orElseThrow(() -> StandardBrokerError.of(ErrorCode.UNSUPPORTED_BROKER, null, "account " + accountId
                        + " belongs to " + factoryPid + ", whose broker type is not installed", ErrorContext.account(accountId)));
    }

    private Configuration requireConfiguration(String accountId) {
        return findConfiguration(accountId).orElseThrow(() -> {
            Optional<BrokerAccount> registered = registry.account(accountId);
            String why = registered.isPresent() ? "account " + accountId + " is registered but not managed through ConfigAdmin"
                    : "no account " + accountId;
            return StandardBrokerError.of(ErrorCode.ACCOUNT_NOT_FOUND, null, why, ErrorContext.account(accountId));
        });
    }

    private Optional<Configuration> findConfiguration(String accountId) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(" + BrokerAdapter.ACCOUNT_ID + "=" + ConfigValues.escapeFilter(accountId) + ")");
            if (found == null) {
                return Optional.empty();
            }
            // other kinds name an account too (risk limits per account carry account.id): only a broker type's
            // configuration is the account's own
            Set<String> brokerFactories = registry.types().stream().map(BrokerTypeInfo::factoryPid).collect(Collectors.toSet());
            for (Configuration configuration : found) {
                if (configuration.getFactoryPid() != null && brokerFactories.contains(configuration.getFactoryPid())) {
                    return Optional.of(configuration);
                }
            }
            return Optional.empty();
        } catch (IOException | InvalidSyntaxException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not search the configurations: " + e, e);
        }
    }

    private static final String FILE_KEY = StoredConfigurations.FILE_KEY;
}
