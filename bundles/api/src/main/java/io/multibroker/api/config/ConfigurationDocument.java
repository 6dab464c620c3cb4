package io.multibroker.api.config;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every configuration at one moment: what {@code broker:config-export} writes as JSON and {@code broker:config-import}
 * reads. Accounts and experiments have sections of their own (an experiment's arms may name accounts of the same
 * document); every other kind of configuration is in {@link #settings}.
 *
 * @param format the document format version, {@link #FORMAT}; an import also reads format 1 (no settings)
 * @param exportedAt when it was made
 * @param withSecrets whether secret attributes were included
 * @param accounts the accounts, by id
 * @param experiments the experiments: name to settings as written
 * @param settings the configurations of every other kind (registry settings, risk limits, ...), by kind and name
 */
public record ConfigurationDocument(int format, Instant exportedAt, boolean withSecrets, List<AccountConfiguration> accounts,
        Map<String, Map<String, String>> experiments, List<KindConfiguration> settings) {

    public static final int FORMAT = 2;
    /** The first format, with accounts and experiments only: still imported. */
    public static final int FORMAT_ACCOUNTS_AND_EXPERIMENTS = 1;

    public ConfigurationDocument {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        experiments = experiments == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(experiments));
        settings = settings == null ? List.of() : List.copyOf(settings);
    }

    /** A document without settings (the first format's content). */
    public ConfigurationDocument(int format, Instant exportedAt, boolean withSecrets, List<AccountConfiguration> accounts,
            Map<String, Map<String, String>> experiments) {
        this(format, exportedAt, withSecrets, accounts, experiments, List.of());
    }
}
