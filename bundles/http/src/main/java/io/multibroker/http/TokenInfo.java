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
}
