package io.multibroker.api.model;

public enum OrderType {
    MARKET, LIMIT, STOP, MARKET_IF_TOUCHED;

    /** Whether an order of this type needs a price (limit, stop or trigger price). */
    public boolean needsPrice() {
        return this != MARKET;
    }
}
