package io.multibroker.api.capability;

import io.multibroker.api.model.OrderType;
import java.util.Optional;

/** What a broker account can do, flag by flag. */
public enum BrokerCapability {
    MARKET_ORDERS,
    LIMIT_ORDERS,
    STOP_ORDERS,
    MARKET_IF_TOUCHED_ORDERS,
    TRAILING_STOPS,
    GUARANTEED_STOPS,
    STOP_LOSS_ON_FILL,
    TAKE_PROFIT_ON_FILL,
    FRACTIONAL_UNITS,
    /** Long and short positions in one instrument can coexist. */
    HEDGING,
    /** Positions are closed first-in first-out (US-regulated accounts). */
    FIFO_ONLY,
    PRICE_STREAMING,
    CLIENT_ORDER_ID_LOOKUP,
    /** Stop orders that become limit orders once triggered (since capability 1.1). */
    STOP_LIMIT_ORDERS,
    /** Orders sized by an amount of the account's currency instead of a quantity (since capability 1.1). */
    NOTIONAL_ORDERS,
    /** Orders that may execute outside the regular session (pre-market, after hours; since capability 1.1). */
    EXTENDED_HOURS,
    /** Trailing stops as orders of their own (Alpaca's trailing_stop; since capability 1.1). */
    TRAILING_STOP_ORDERS,
    /** The adapter publishes order events ({@code BrokerAdapter.orderEvents}) of the kinds it declares (since 1.1). */
    ORDER_EVENTS,
    /** A resting order's price, units, time in force, stop loss or take profit can be changed ({@code replaceOrder}; since 1.1). */
    REPLACE_ORDERS,
    /** A whole position can be closed by instrument ({@code closePosition}; since 1.1). */
    CLOSE_POSITION,
    /** The broker lists the account's open orders ({@code openOrders}), which reconciliation on start compares (since 1.1). */
    OPEN_ORDERS;

    /** The capability an order type needs. */
    public static BrokerCapability forOrderType(OrderType type) {
        return switch (type) {
            case MARKET -> MARKET_ORDERS;
            case LIMIT -> LIMIT_ORDERS;
            case STOP -> STOP_ORDERS;
            case MARKET_IF_TOUCHED -> MARKET_IF_TOUCHED_ORDERS;
            case STOP_LIMIT -> STOP_LIMIT_ORDERS;
            case TRAILING_STOP -> TRAILING_STOP_ORDERS;
        };
    }

    /** The order type this capability stands for, if it stands for one. */
    public Optional<OrderType> orderType() {
        return switch (this) {
            case MARKET_ORDERS -> Optional.of(OrderType.MARKET);
            case LIMIT_ORDERS -> Optional.of(OrderType.LIMIT);
            case STOP_ORDERS -> Optional.of(OrderType.STOP);
            case MARKET_IF_TOUCHED_ORDERS -> Optional.of(OrderType.MARKET_IF_TOUCHED);
            case STOP_LIMIT_ORDERS -> Optional.of(OrderType.STOP_LIMIT);
            case TRAILING_STOP_ORDERS -> Optional.of(OrderType.TRAILING_STOP);
            default -> Optional.empty();
        };
    }
}
