package io.multibroker.api.risk;

/**
 * What an account (or the whole runtime) may trade now, as Nautilus Trader's risk engine has it. The state in force
 * for an account is the stricter of its own and the global one.
 */
public enum TradingState {
    /** Orders pass when they are within the limits. */
    ACTIVE,
    /** Only orders that reduce a position pass (never one that opens, adds to or flips it). */
    REDUCING,
    /** Nothing passes. */
    HALTED;

    /** The stricter of this state and the other. */
    public TradingState stricter(TradingState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
