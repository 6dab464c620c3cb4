package io.multibroker.api.model;

public enum TimeInForce {
    /** Good till cancelled. */
    GTC,
    /** Good till the date in {@link UnifiedOrder#goodTillTime()}. */
    GTD,
    /** Good for the trading day. */
    GFD,
    /** Fill all at once or cancel. */
    FOK,
    /** Fill what can be filled now and cancel the rest. */
    IOC
}
