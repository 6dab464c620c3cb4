package io.multibroker.api.error;

import java.time.Instant;

/**
 * How often one error code occurred at one account in a period, with the latest occurrence.
 *
 * @param accountId the account
 * @param code the unified code
 * @param count occurrences in the period
 * @param lastAt when it last occurred
 * @param lastOperation the adapter operation that last failed with it
 * @param last the latest error itself: message, broker code and context
 */
public record ErrorSummary(String accountId, ErrorCode code, long count, Instant lastAt, String lastOperation, ErrorDetail last) {

    public ErrorCategory category() {
        return code.category();
    }
}
