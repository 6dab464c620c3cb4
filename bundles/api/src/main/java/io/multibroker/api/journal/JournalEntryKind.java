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
    UNRESOLVED,
    /**
     * Not about one order: the trading state of an account (or, with the account {@code *}, of every account) changed, by
     * the kill switch ({@code risk:halt}, {@code risk:resume}) or by the risk layer itself (a daily-loss breach, a live
     * account halted when it starts). Its client order id is empty and it has no status; its reason says from what state
     * to what, who and why, and its detail the same as {@code key=value} pairs. Journalled among the orders' entries so
     * that the history of an incident reads in one place (since 1.2).
     */
    TRADING_STATE;

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
