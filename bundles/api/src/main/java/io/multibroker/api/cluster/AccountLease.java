package io.multibroker.api.cluster;

import java.time.Instant;

/**
 * Who drives an account.
 *
 * @param accountId the account
 * @param owner the runtime holding the lease
 * @param ownerUrl where the owner's HTTP API answers (empty when it did not say)
 * @param epoch how many times the lease has changed hands: a write fenced with an older epoch is refused
 * @param expiresAt when the lease lapses unless its owner renews it
 * @param here whether this runtime is the owner
 * @param ready whether the owner is this runtime and has reconciled the account since it took it (it takes orders)
 */
public record AccountLease(String accountId, String owner, String ownerUrl, long epoch, Instant expiresAt, boolean here,
        boolean ready) {
}
