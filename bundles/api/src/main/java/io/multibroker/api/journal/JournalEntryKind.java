package io.multibroker.api.journal;

import io.multibroker.api.model.OrderEventKind;

/** What one journal entry records. */
public enum JournalEntryKind {
    /** The order as it is about to be sent, with its routing: written and committed before it leaves. */
    INTENT,
    /** A cancel was asked for. */
    CANCEL_REQUESTED,
    /** A replace was asked for (on the order being replaced). */
    REPLACE_REQUESTED,
    ACCEPTED,
    PARTIALLY_FILLED,
    FILLED,
    CANCELLED,
    EXPIRED,
    /** Replaced by another order, which the entry's related order id names. */
    REPLACED,
    REJECTED,
    UNKNOWN,
    /** The state was set from the broker's records by a reconciliation or by the background check of an unknown outcome. */
    RECONCILED,
    /** An order the broker has and the journal did not: taken into the journal and flagged. */
    ADOPTED,
    /** The background check of an unknown outcome reached its horizon without an answer: the operator must decide. */
    UNRESOLVED;

    public static JournalEntryKind of(OrderEventKind kind) {
        return switch (kind) {
            case ACCEPTED -> ACCEPTED;
            case PARTIALLY_FILLED -> PARTIALLY_FILLED;
            case FILLED -> FILLED;
            case CANCELLED -> CANCELLED;
            case EXPIRED -> EXPIRED;
            case REPLACED -> REPLACED;
            case REJECTED -> REJECTED;
            case UNKNOWN -> UNKNOWN;
            case RECONCILED -> RECONCILED;
            case GAP -> throw new IllegalArgumentException("a GAP marker is not about one order");
        };
    }
}
