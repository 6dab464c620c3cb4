package io.multibroker.api.config;

import java.time.Instant;
import java.util.List;

/**
 * Every account's and experiment's configuration at one moment: what {@code broker:config-export} writes
 * as JSON and {@code broker:config-import} reads.
 *
 * @param format the document format version, {@link #FORMAT}
 * @param exportedAt when it was made
 * @param withSecrets whether secret attributes were included
 * @param accounts the accounts, by id
 * @param experiments the experiments: name to settings as written
 */
public record ConfigurationDocument(int format, Instant exportedAt, boolean withSecrets, List<AccountConfiguration> accounts,
        java.util.Map<String, java.util.Map<String, String>> experiments) {

    public static final int FORMAT = 1;

    public ConfigurationDocument {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        experiments = experiments == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(experiments));
    }
}
