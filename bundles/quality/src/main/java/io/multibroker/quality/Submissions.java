package io.multibroker.quality;

import java.time.Instant;
import java.util.Optional;

/** When an order was submitted and how it was routed: the journal's intent of it. */
@FunctionalInterface
interface Submissions {

    /** @param routing as journalled ({@code experiment demo arm paper-fast}), or null */
    record Submission(Instant submittedAt, String routing) {
    }

    Optional<Submission> find(String accountId, String clientOrderId);
}
