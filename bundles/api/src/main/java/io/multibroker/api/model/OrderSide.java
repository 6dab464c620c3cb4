package io.multibroker.api.model;

public enum OrderSide {
    BUY, SELL;

    public OrderSide opposite() {
        return this == BUY ? SELL : BUY;
    }

    /** +1 for BUY, -1 for SELL: multiplies a (positive) quantity into a signed one. */
    public int sign() {
        return this == BUY ? 1 : -1;
    }
}
