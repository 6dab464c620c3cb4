package io.multibroker.api.config;

import org.osgi.annotation.versioning.ProviderType;

/** Backup and restore of every account's configuration. */
@ProviderType
public interface ConfigurationBackup {

    /** Every account's configuration; secret attributes only when {@code withSecrets}. */
    ConfigurationDocument export(boolean withSecrets);

    /**
     * Validates the whole document first (every account, every key; an unknown broker type or an account
     * that would lose a required secret is a violation), then applies all of it or nothing: an account in the
     * document is created or has its configuration replaced; accounts not in it are left alone. A secret left
     * out of the document keeps the account's current value. With {@code dryRun}, only validates and plans.
     *
     * @throws InvalidConfigurationException naming every violation, with nothing changed
     */
    ImportPlan importDocument(ConfigurationDocument document, boolean dryRun);
}
