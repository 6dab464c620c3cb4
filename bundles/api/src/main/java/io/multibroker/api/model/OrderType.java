package io.multibroker.api.model;

public enum OrderType {
    MARKET, LIMIT, STOP, MARKET_IF_TOUCHED,
    /**
     * A stop that becomes a limit order once triggered: {@link UnifiedOrder#stopPrice()} is the trigger,
     * {@link UnifiedOrder#price()} the limit (since model 1.2).
     */
    STOP_LIMIT,
    /**
     * A stop that follows the market at {@link UnifiedOrder#trailingStopDistance()} and executes at market once
     * reached: an order of its own, not an attachment to another order's fill (since model 1.2).
     */
    TRAILING_STOP;

    /** Whether an order of this type needs a price (limit, stop or trigger price). */
    public boolean needsPrice() {
        return this != MARKET && this != TRAILING_STOP;
    }

    /** Whether an order of this type needs a stop price besides its price (a stop-limit order's trigger). */
    public boolean needsStopPrice() {
        return this == STOP_LIMIT;
    }
}
