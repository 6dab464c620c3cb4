package io.multibroker.api;

import io.multibroker.api.config.ConfigurationViolation;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates, reconfigures and removes broker accounts, each a ConfigAdmin factory configuration of its
 * type's factory PID. Every change is validated against the type's Metatype schema first: an invalid
 * one fails with an {@link io.multibroker.api.config.InvalidConfigurationException} naming every
 * violation, and nothing changes. An unknown type fails with UNSUPPORTED_BROKER.
 */
@ProviderType
public interface BrokerFactory {

    List<BrokerTypeInfo> types();

    /** Creates the account; it appears in the registry as CONNECTING once its bundle has picked up the configuration. */
    void createAccount(String brokerType, String accountId, Map<String, Object> properties);

    /** Merges the changes into the account's configuration (a null value removes the key). */
    void reconfigure(String accountId, Map<String, Object> changes);

    void removeAccount(String accountId);

    /** Stops the account: it stays registered but takes no orders, until {@link #startAccount}. Survives restarts. */
    void stopAccount(String accountId);

    void startAccount(String accountId);

    /** The violations of these properties against the type's schema; empty when valid. */
    List<ConfigurationViolation> validate(String brokerType, Map<String, Object> properties);

    /** The account's current configuration, secrets masked. */
    Map<String, Object> configuration(String accountId);
}
