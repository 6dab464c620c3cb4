package io.multibroker.api.model;

/** What happened to an order: one kind per change, in the order a broker reports them. */
public enum OrderEventKind {
    /** The broker accepted the order and it rests (a pending limit, stop or touch order). */
    ACCEPTED,
    /** Part of the order filled; the event carries this fill's units and price. */
    PARTIALLY_FILLED,
    /** The order filled completely; the event carries the last fill's units and price. */
    FILLED,
    /** The order was cancelled (by the caller or the broker, with the broker's reason). */
    CANCELLED,
    /** The order's time in force ran out. */
    EXPIRED,
    /** The order was replaced by another (cancel-and-replace): {@link OrderEvent#relatedOrderId()} names the new one. */
    REPLACED,
    /** The broker refused the order. */
    REJECTED,
    /** The outcome of the order is not known: it is being looked up, and must not be resent. */
    UNKNOWN,
    /** The runtime compared the order with the broker's records and set its state from them (or adopted it). */
    RECONCILED,
    /** Events were missed before this one (a slow subscriber, a reconnect): look up the orders you follow. */
    GAP;

    /** Whether the order can change no more after this event. */
    public boolean terminal() {
        return this == FILLED || this == CANCELLED || this == EXPIRED || this == REPLACED || this == REJECTED;
    }
}
