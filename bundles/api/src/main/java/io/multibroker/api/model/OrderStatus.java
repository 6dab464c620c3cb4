package io.multibroker.api.model;

public enum OrderStatus {
    /** Accepted by the broker and waiting (a pending limit, stop or touch order). */
    ACCEPTED,
    FILLED,
    PARTIALLY_FILLED,
    /** Accepted, then cancelled (by the caller, by expiry, or by the broker with a reason). */
    CANCELLED,
    /** Refused: by the broker, or by the runtime before anything was sent. Never executed. */
    REJECTED,
    /** The request may or may not have been executed: it must be reconciled, never resent blindly. */
    UNKNOWN;

    public boolean terminal() {
        return this == FILLED || this == CANCELLED || this == REJECTED;
    }
}
