package io.multibroker.cluster;

import io.multibroker.api.config.AccountConfiguration;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.KindConfiguration;
import io.multibroker.cluster.SharedConfigurationTable.Outcome;
import io.multibroker.cluster.SharedConfigurationTable.Row;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this runtime's configuration and the shared one the same, item by item ({@link ConfigurationItems}): a local
 * change is written as the item's next version unless another runtime changed the item since this one last saw it (then
 * the local change is refused, recorded with the version it lost to, and the winner's content applied here); a change
 * of another runtime is applied here. The shared row wins at start. Not thread-safe: one thread calls it.
 */
final class ConfigurationSync {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationSync.class);
    /** A secret attribute is shared only as a reference that each host resolves itself. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\[(secret|env):[^\\]]+\\]");

    /** This runtime's configuration, as the backup service reads and writes it. */
    interface Local {
        /** Every configuration as written (placeholders unresolved); secrets only when asked. */
        ConfigurationDocument export(boolean withSecrets);

        /** Applies the items' content (validated first, all or nothing). */
        void apply(ConfigurationDocument items);

        /** Removes the account or experiment the item names. */
        void remove(String item);
    }

    private final SharedConfigurationTable table;
    private final Local local;
    private final String runtime;
    /** The version of each item this runtime last wrote or applied. */
    private final Map<String, Long> seen = new HashMap<>();
    /** Each item's content as it was here when this runtime last wrote or applied it. */
    private final Map<String, String> synced = new HashMap<>();
    private final Set<String> notShared = new HashSet<>();

    ConfigurationSync(SharedConfigurationTable table, Local local, String runtime) {
        this.table = table;
        this.local = local;
        this.runtime = runtime;
    }

    /** At start: the shared configuration first (it wins), then what only this runtime has. */
    void start() throws SQLException {
        pull();
        publish();
    }

    /** Writes this runtime's changes since the last sync, then takes the others'. */
    void publish() throws SQLException {
        Map<String, String> now = shareable();
        for (Map.Entry<String, String> item : now.entrySet()) {
            if (!item.getValue().equals(synced.get(item.getKey()))) {
                write(item.getKey(), item.getValue());
            }
        }
        for (String removed : Set.copyOf(synced.keySet())) {
            if (!now.containsKey(removed) && !notShared.contains(removed)) {
                write(removed, null);
            }
        }
        pull();
    }

    private void write(String item, String content) throws SQLException {
        Outcome outcome = table.write(item, content, seen.getOrDefault(item, 0L), runtime);
        if (outcome.written()) {
            seen.put(item, outcome.version());
            if (content == null) {
                synced.remove(item);
            } else {
                synced.put(item, content);
            }
            LOG.info("shared configuration: {} {} as version {}", item, content == null ? "removed" : "written", outcome.version());
        } else {
            LOG.warn("shared configuration: this runtime's change of {} is refused: runtime {} changed it first (version {}); "
                    + "that version is applied here", item, outcome.by(), outcome.version());
            // the winner is applied by the pull that follows, as any change of another runtime
        }
    }

    /** Applies every item that changed in the shared configuration since this runtime last saw it. */
    void pull() throws SQLException {
        Map<String, String> here = ConfigurationItems.of(local.export(true));
        Map<String, String> toApply = new LinkedHashMap<>();
        Map<String, Long> versions = new HashMap<>();
        for (Row row : table.all()) {
            if (row.version() <= seen.getOrDefault(row.item(), 0L)) {
                continue;
            }
            versions.put(row.item(), row.version());
            if (row.content() == null) {
                if (here.containsKey(row.item())) {
                    local.remove(row.item());
                    LOG.info("shared configuration: {} removed here, as runtime {} did (version {})", row.item(), row.changedBy(),
                            row.version());
                }
                seen.put(row.item(), row.version());
                synced.remove(row.item());
            } else if (row.content().equals(here.get(row.item()))) {
                seen.put(row.item(), row.version());
                synced.put(row.item(), row.content());
            } else {
                toApply.put(row.item(), row.content());
            }
        }
        if (toApply.isEmpty()) {
            return;
        }
        try {
            local.apply(ConfigurationItems.document(toApply));
        } catch (RuntimeException e) {
            LOG.error("shared configuration: {} cannot be applied here ({}); tried again at the next change or check",
                    toApply.keySet(), e.getMessage());
            return;
        }
        Map<String, String> applied = ConfigurationItems.of(local.export(true));
        for (String item : toApply.keySet()) {
            seen.put(item, versions.get(item));
            // as it reads here after the import, so that it does not count as a change of this runtime
            synced.put(item, applied.getOrDefault(item, toApply.get(item)));
            LOG.info("shared configuration: {} applied here at version {}", item, versions.get(item));
        }
    }

    /** This runtime's items, but those whose secrets are written in clear: those are not shared (and said so once). */
    private Map<String, String> shareable() {
        ConfigurationDocument withSecrets = local.export(true);
        ConfigurationDocument withoutSecrets = local.export(false);
        Map<String, List<String>> secretKeys = new TreeMap<>();
        for (AccountConfiguration account : withoutSecrets.accounts()) {
            secretKeys.put(ConfigurationItems.ACCOUNT + account.accountId(), account.secretsOmitted());
        }
        for (KindConfiguration setting : withoutSecrets.settings()) {
            secretKeys.put(ConfigurationItems.SETTING + setting.kind() + (setting.name() == null ? "" : "/" + setting.name()),
                    setting.secretsOmitted());
        }
        Map<String, Map<String, String>> written = new TreeMap<>();
        withSecrets.accounts().forEach(account -> written.put(ConfigurationItems.ACCOUNT + account.accountId(), account.properties()));
        withSecrets.settings().forEach(setting -> written.put(ConfigurationItems.SETTING + setting.kind()
                + (setting.name() == null ? "" : "/" + setting.name()), setting.properties()));
        Map<String, String> items = ConfigurationItems.of(withSecrets);
        for (Map.Entry<String, List<String>> secrets : secretKeys.entrySet()) {
            for (String key : secrets.getValue()) {
                String value = written.getOrDefault(secrets.getKey(), Map.of()).get(key);
                if (value != null && !REFERENCE.matcher(value.trim()).matches()) {
                    items.remove(secrets.getKey());
                    if (notShared.add(secrets.getKey())) {
                        LOG.error("shared configuration: {} is not shared: its secret {} is written in clear, and only references "
                                + "($[secret:NAME], $[env:NAME], resolved on each host) go into the shared database", secrets.getKey(), key);
                    }
                }
            }
        }
        return items;
    }
}
