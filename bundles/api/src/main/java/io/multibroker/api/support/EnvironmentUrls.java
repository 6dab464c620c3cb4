package io.multibroker.api.support;

import io.multibroker.api.config.ConfigurationViolation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rule of a broker type whose accounts pick an environment with one setting: {@code environment} names the broker's
 * own hosts ({@code paper}, {@code live}, {@code practice}), or {@code custom}, which needs every base URL (a loopback
 * stand-in). A URL given with any other environment would be ignored, so it is refused rather than silently dropped.
 *
 * @since support 1.3
 */
public final class EnvironmentUrls {

    /** The environment that takes its URLs from the configuration. */
    public static final String CUSTOM = "custom";

    private EnvironmentUrls() {
    }

    /**
     * What breaks the rule in these properties.
     *
     * @param defaultEnvironment the environment when none is given
     * @param schemes each URL key, in the order to report, with the schemes it may use ({@code http}, {@code https})
     */
    public static List<ConfigurationViolation> violations(Map<String, Object> properties, String defaultEnvironment,
            Map<String, Set<String>> schemes) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        String environment = String.valueOf(properties.getOrDefault("environment", defaultEnvironment));
        schemes.forEach((key, allowed) -> {
            Object value = properties.get(key);
            boolean given = value != null && !String.valueOf(value).isBlank();
            if (environment.equals(CUSTOM) && !given) {
                violations.add(new ConfigurationViolation(key, "", "required with environment=custom"));
            } else if (!environment.equals(CUSTOM) && given) {
                violations.add(new ConfigurationViolation(key, String.valueOf(value), "only used with environment=custom (environment is "
                        + environment + ")"));
            } else if (given) {
                urlViolation(key, String.valueOf(value), allowed).ifPresent(violations::add);
            }
        });
        return violations;
    }

    private static Optional<ConfigurationViolation> urlViolation(String key, String value, Set<String> allowed) {
        try {
            URI uri = new URI(value);
            if (!allowed.contains(uri.getScheme()) || uri.getHost() == null) {
                return Optional.of(new ConfigurationViolation(key, value, "must be a URL with a host and the scheme "
                        + String.join(" or ", new TreeSet<>(allowed))));
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of(new ConfigurationViolation(key, value, "not a URL: " + e.getReason()));
        }
    }
}
