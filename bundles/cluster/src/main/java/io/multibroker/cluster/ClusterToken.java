package io.multibroker.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The cluster's credential as configured ({@code cluster.token}): either a usable token, or why it is not one. Never
 * printed: a problem names the key, the token's length and the rule, not the value.
 */
final class ClusterToken {

    static final String KEY = "cluster.token";
    static final int MIN_LENGTH = 32;

    private final byte[] token;
    private final String problem;
    private final boolean given;

    private ClusterToken(byte[] token, String problem, boolean given) {
        this.token = token;
        this.problem = problem;
        this.given = given;
    }

    /** The configured value, checked: at least 32 characters, no white space, and a resolved reference. */
    static ClusterToken of(String configured) {
        String value = configured == null ? "" : configured.trim();
        if (value.isEmpty()) {
            return new ClusterToken(null, KEY + " is not set: give every runtime the same token of at least " + MIN_LENGTH
                    + " characters, as $[secret:multibroker-cluster-token] (the launcher writes it from MULTIBROKER_CLUSTER_TOKEN)", false);
        }
        if (value.contains("$[")) {
            // the interpolation leaves a reference it cannot resolve as it is: taken literally it would be a guessable token
            return new ClusterToken(null, KEY + " is a reference that was not resolved on this host (no such secret or "
                    + "environment variable): it is not used", true);
        }
        if (value.length() < MIN_LENGTH || value.chars().anyMatch(Character::isWhitespace)) {
            return new ClusterToken(null, KEY + " (" + value.length() + " characters) must be at least " + MIN_LENGTH
                    + " characters without white space: it is not used", true);
        }
        return new ClusterToken(value.getBytes(StandardCharsets.UTF_8), null, true);
    }

    /** Whether a value was given at all (a runtime alone on PostgreSQL may well have none: it has no peers). */
    boolean given() {
        return given;
    }

    /** Why the configured value is not used, or empty when it is a token. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The token, for the Authorization header of a forwarded order; empty when there is none to use. */
    Optional<String> value() {
        return token == null ? Optional.empty() : Optional.of(new String(token, StandardCharsets.UTF_8));
    }

    /** Whether the presented token is this one, in a time that does not depend on where they differ. */
    boolean matches(String presented) {
        return token != null && presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
