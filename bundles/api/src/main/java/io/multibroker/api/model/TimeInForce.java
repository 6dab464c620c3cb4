package io.multibroker.api.model;

public enum TimeInForce {
    /** Good till cancelled. */
    GTC,
    /** Good till the date in {@link UnifiedOrder#goodTillTime()}. */
    GTD,
    /** Good for the trading day ({@code day} at equity brokers). */
    GFD,
    /** Fill all at once or cancel. */
    FOK,
    /** Fill what can be filled now and cancel the rest. */
    IOC,
    /** Executes in the opening auction or is cancelled (Alpaca's {@code opg}); since model 1.2. */
    AT_OPEN,
    /** Executes in the closing auction or is cancelled (Alpaca's {@code cls}); since model 1.2. */
    AT_CLOSE
}
