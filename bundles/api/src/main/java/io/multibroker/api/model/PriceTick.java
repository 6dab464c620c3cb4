package io.multibroker.api.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * One price of an instrument.
 *
 * @param instrument the symbol
 * @param time when the broker priced it
 * @param bid the best price to sell at
 * @param ask the best price to buy at
 * @param tradeable whether orders can be filled at this price now
 * @param afterGap true on the first tick of an instrument after the adapter's price feed was interrupted
 *        (a reconnect): prices in between were missed, so anything derived from consecutive ticks should restart
 */
public record PriceTick(String instrument, Instant time, BigDecimal bid, BigDecimal ask, boolean tradeable, boolean afterGap) {

    /** A tick of an uninterrupted feed. */
    public PriceTick(String instrument, Instant time, BigDecimal bid, BigDecimal ask, boolean tradeable) {
        this(instrument, time, bid, ask, tradeable, false);
    }

    /** This tick, marked as the first after a gap. */
    public PriceTick markedAfterGap() {
        return new PriceTick(instrument, time, bid, ask, tradeable, true);
    }

    public PriceTick {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(bid, "bid");
        Objects.requireNonNull(ask, "ask");
    }

    public BigDecimal mid() {
        return bid.add(ask).divide(BigDecimal.valueOf(2), Math.max(bid.scale(), ask.scale()) + 1, RoundingMode.HALF_EVEN);
    }

    public BigDecimal spread() {
        return ask.subtract(bid);
    }

    /** The price an order on this side would pay now: the ask to buy, the bid to sell. */
    public BigDecimal priceFor(OrderSide side) {
        return side == OrderSide.BUY ? ask : bid;
    }
}
