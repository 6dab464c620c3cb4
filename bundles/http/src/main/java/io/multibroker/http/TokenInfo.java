package io.multibroker.http;

import java.time.Instant;

/**
 * An API token as it is listed: never the token itself, which is shown once when it is created.
 *
 * @param id the token's public id (its first part, before the dot)
 * @param name what its holder called it
 * @param role what it may do
 * @param createdAt when it was created
 */
public record TokenInfo(String id, String name, Role role, Instant createdAt) {

    /**
     * Another runtime sharing the database, which presented the cluster's token to forward an order: a trader. Its id is no
     * API token's (those are 16 hex digits), so it is never confused with one.
     */
    public static final TokenInfo CLUSTER_PEER = new TokenInfo("cluster", "a runtime of the cluster", Role.TRADER, Instant.EPOCH);

    /** Whether this caller is another runtime of the cluster. */
    public boolean clusterPeer() {
        return CLUSTER_PEER.equals(this);
    }
}
