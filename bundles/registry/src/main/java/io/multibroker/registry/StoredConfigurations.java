package io.multibroker.registry;

import static io.multibroker.api.support.ConfigValues.escapeFilter;

import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.support.ConfigValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The configurations as ConfigAdmin stores them (placeholders unresolved): found, listed and read the one way. */
final class StoredConfigurations {

    /** The keys ConfigAdmin adds to every configuration it stores. */
    static final Set<String> ADMIN_KEYS = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");
    static final String FILE_KEY = "felix.fileinstall.filename";

    private final ConfigurationAdmin configAdmin;

    StoredConfigurations(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    ConfigurationAdmin admin() {
        return configAdmin;
    }

    /** The first configuration that matches the filter. */
    Optional<Configuration> find(String filter) {
        List<Configuration> found = list(filter);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    Optional<Configuration> byPid(String pid) {
        return find("(service.pid=" + escapeFilter(pid) + ")");
    }

    /** Every configuration of a factory PID. */
    List<Configuration> ofFactory(String factoryPid) {
        return list("(service.factoryPid=" + escapeFilter(factoryPid) + ")");
    }

    /** The configuration a kind calls {@code name}: a factory configuration whose name key holds it, or the singleton. */
    Optional<Configuration> named(ConfigurationKind kind, String name) {
        if (!kind.factory()) {
            return byPid(kind.pid());
        }
        return find("(&(service.factoryPid=" + escapeFilter(kind.pid()) + ")(" + kind.nameKey() + "=" + escapeFilter(name) + "))");
    }

    /** The configuration that one of the kinds calls {@code subject} (an account id, {@code experiment:demo}). */
    Optional<Configuration> bySubject(List<ConfigurationKind> kinds, String subject) {
        for (ConfigurationKind kind : kinds) {
            if (!kind.factory() || !kind.versioned()) {
                continue;
            }
            for (Configuration configuration : ofFactory(kind.pid())) {
                Object name = properties(configuration).get(kind.nameKey());
                if (name != null && subject.equals(kind.subject(name.toString()))) {
                    return Optional.of(configuration);
                }
            }
        }
        return Optional.empty();
    }

    private List<Configuration> list(String filter) {
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            throw new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, "could not read the configurations: " + e, e);
        }
    }

    /** A configuration's properties without the keys ConfigAdmin adds. */
    static Map<String, Object> properties(Configuration configuration) {
        Map<String, Object> properties = ConfigValues.map(configuration.getProperties());
        ADMIN_KEYS.forEach(properties::remove);
        return properties;
    }

    /** The configuration as written, as text, sorted by key; a literal secret as its fingerprint. */
    static Map<String, String> written(Configuration configuration, ConfigurationSchema schema) {
        Map<String, String> written = new TreeMap<>();
        if (configuration == null || configuration.getProperties() == null) {
            return written;
        }
        properties(configuration).forEach((key, value) -> {
            String text = ConfigValues.text(value);
            written.put(key, schema.isSecret(key) && !ConfigValues.isPlaceholder(text) ? fingerprint(text) : text);
        });
        return written;
    }

    /** A secret as the history keeps it: the first 8 bytes of its SHA-256, never the secret. */
    static String fingerprint(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
