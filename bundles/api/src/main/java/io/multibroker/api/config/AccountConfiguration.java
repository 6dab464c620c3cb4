package io.multibroker.api.config;

import java.util.List;
import java.util.Map;

/**
 * One account's configuration in a backup.
 *
 * @param accountId the account
 * @param brokerType its broker type
 * @param properties the configuration as written (placeholders such as {@code $[env:X]} unresolved);
 *        secret attributes are absent unless the export asked for them
 * @param secretsOmitted the secret keys that were left out
 */
public record AccountConfiguration(String accountId, String brokerType, Map<String, String> properties,
        List<String> secretsOmitted) {

    public AccountConfiguration {
        properties = Map.copyOf(properties);
        secretsOmitted = secretsOmitted == null ? List.of() : List.copyOf(secretsOmitted);
    }
}
