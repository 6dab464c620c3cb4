package io.multibroker.api.capability;

import java.time.Instant;
import java.util.Objects;

/**
 * When a market trades, as a broker's clock tells it: whether it was open when read, and its next open and close.
 * An account whose instruments keep hours (US equities) publishes one per asset class in its capabilities; an asset
 * class without one trades around the clock (crypto, most FX here).
 *
 * <p>{@link #openAt(Instant)} reads the state forward from the two instants, so that a snapshot taken before an
 * open or a close stays right after it until the broker's clock is read again.
 *
 * @param open whether the regular session was open when the clock was read
 * @param nextOpen the next regular open after the reading
 * @param nextClose the next regular close after the reading
 * @since capability 1.1
 */
public record TradingSession(boolean open, Instant nextOpen, Instant nextClose) {

    public TradingSession {
        Objects.requireNonNull(nextOpen, "nextOpen");
        Objects.requireNonNull(nextClose, "nextClose");
    }

    /** Whether the regular session is open at {@code now}. */
    public boolean openAt(Instant now) {
        if (open) {
            return now.isBefore(nextClose);
        }
        // closed when read: open from the next open until the close that follows it
        return !now.isBefore(nextOpen) && now.isBefore(nextClose) && nextOpen.isBefore(nextClose);
    }
}
