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
 */
public record PriceTick(String instrument, Instant time, BigDecimal bid, BigDecimal ask, boolean tradeable) {

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
