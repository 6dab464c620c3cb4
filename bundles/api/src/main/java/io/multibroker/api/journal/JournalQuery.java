package io.multibroker.api.journal;

import java.time.Instant;

/**
 * Which orders to list.
 *
 * @param accountId one account, or null for all
 * @param scope open (resting, partially filled, unanswered or unknown), unknown only, or all
 * @param since only orders changed at or after this time, or null
 * @param limit at most this many, newest first
 */
public record JournalQuery(String accountId, Scope scope, Instant since, int limit) {

    public enum Scope { OPEN, UNKNOWN, ALL }

    public JournalQuery {
        scope = scope == null ? Scope.OPEN : scope;
        limit = limit <= 0 ? 1_000 : limit;
    }
}
