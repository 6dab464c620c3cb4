package io.multibroker.api.config;

/**
 * How one key differs between two versions.
 *
 * @param key the key
 * @param before its value in the first version, or null when it was absent
 * @param after its value in the second version, or null when it is absent
 */
public record ConfigurationChange(String key, String before, String after) {
}
