package io.multibroker.api.config;

import java.util.List;
import java.util.Map;

/**
 * One configuration of a kind other than accounts and experiments (the registry's settings, risk limits, any kind a
 * bundle registers) in a backup.
 *
 * @param kind the kind's id ({@link ConfigurationKind#id()})
 * @param name which configuration of a factory kind (the value of its {@link ConfigurationKind#nameKey()}); null for a
 *        singleton
 * @param properties the configuration as written (placeholders unresolved), without the name key; secret attributes are
 *        absent unless the export asked for them
 * @param secretsOmitted the secret keys that were left out
 */
public record KindConfiguration(String kind, String name, Map<String, String> properties, List<String> secretsOmitted) {

    public KindConfiguration {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        secretsOmitted = secretsOmitted == null ? List.of() : List.copyOf(secretsOmitted);
    }
}
