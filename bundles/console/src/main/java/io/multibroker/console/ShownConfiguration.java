package io.multibroker.console;

import io.multibroker.api.config.ConfigurationVersion;
import io.multibroker.api.config.ConfigurationViolation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The configuration {@code broker:info} shows: the one in force, key by key, and beside it what was refused.
 * ConfigAdmin holds the latest configuration written, which for a DEGRADED account is the refused one; the
 * adapter runs on the latest version in the history. Keys the framework adds (FileInstall's file name,
 * {@code service.*}, {@code component.*}) say nothing about the account and are left out.
 */
final class ShownConfiguration {

    static final String MASK = "********";

    /** One key: the value in force, and the refused value with the rule it broke (empty when nothing was refused). */
    record Row(String key, String inForce, String refused) {
    }

    private ShownConfiguration() {
    }

    static boolean isFrameworkKey(String key) {
        return key.startsWith("felix.fileinstall.") || key.startsWith("service.") || key.startsWith("component.");
    }

    /**
     * @param stored the configuration ConfigAdmin holds, secrets masked
     * @param versions the account's configuration history, oldest first
     * @param refusal why the latest configuration was refused; empty when it is in force
     * @param secret whether a key holds a secret
     */
    static List<Row> rows(Map<String, ?> stored, List<ConfigurationVersion> versions, List<ConfigurationViolation> refusal,
            Predicate<String> secret) {
        Map<String, String> written = new TreeMap<>();
        stored.forEach((key, value) -> written.put(key, text(value)));
        if (refusal.isEmpty() || versions.isEmpty()) {
            List<Row> rows = new ArrayList<>();
            written.forEach((key, value) -> {
                if (!isFrameworkKey(key)) {
                    rows.add(new Row(key, value, ""));
                }
            });
            return rows;
        }
        Map<String, String> inForce = new TreeMap<>(versions.get(versions.size() - 1).properties());
        inForce.replaceAll((key, value) -> secret.test(key) ? MASK : value);
        Map<String, String> rules = new TreeMap<>();
        refusal.forEach(v -> rules.merge(v.key(), v.rule(), (a, b) -> a + "; " + b));
        TreeSet<String> keys = new TreeSet<>(inForce.keySet());
        keys.addAll(written.keySet());
        keys.addAll(rules.keySet());
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            if (isFrameworkKey(key)) {
                continue;
            }
            String now = inForce.get(key);
            String refused = written.get(key);
            String shownRefused = Objects.equals(now, refused) && !rules.containsKey(key) ? ""
                    : (refused == null ? "(removed)" : refused) + (rules.containsKey(key) ? " (" + rules.get(key) + ")" : "");
            rows.add(new Row(key, now == null ? "(not set)" : now, shownRefused));
        }
        return rows;
    }

    static String text(Object value) {
        if (value instanceof Object[] array) {
            return String.join(",", Arrays.stream(array).map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
