package io.multibroker.api.config;

import java.time.Instant;
import java.util.List;

/**
 * Every account's configuration at one moment: what {@code broker:config-export} writes as JSON and
 * {@code broker:config-import} reads. Experiments join it once they exist.
 *
 * @param format the document format version, {@link #FORMAT}
 * @param exportedAt when it was made
 * @param withSecrets whether secret attributes were included
 * @param accounts the accounts, by id
 */
public record ConfigurationDocument(int format, Instant exportedAt, boolean withSecrets, List<AccountConfiguration> accounts) {

    public static final int FORMAT = 1;

    public ConfigurationDocument {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }
}
