package io.multibroker.api.config;

import java.time.Instant;
import java.util.Map;

/**
 * One configuration of an account that took effect.
 *
 * @param accountId the account
 * @param version 1 for the first configuration seen, then one more for each that took effect
 * @param at when it took effect
 * @param source what changed it: {@code console} (the factory or a shell command), {@code file} (an
 *        etc/*.cfg edit), {@code rollback}, {@code import}, or {@code configadmin} (any other ConfigAdmin client)
 * @param properties the configuration as written (before interpolation, so {@code $[env:X]} stays as it
 *        is); a literal secret is kept only as a fingerprint ({@code sha256:…}), never in clear
 */
public record ConfigurationVersion(String accountId, int version, Instant at, String source, Map<String, String> properties) {

    public ConfigurationVersion {
        properties = Map.copyOf(properties);
    }
}
