package io.multibroker.paper;

import io.multibroker.api.model.PriceTick;
import java.time.Clock;

/**
 * The prices a paper account's book sees: the simulated walks, or, with {@code price.source}, the source account's
 * live prices for the instruments the account trades (the walks still value currencies the account does not trade).
 * While the US equity market is closed no equity price is fit to execute at, so that orders entered then wait for the
 * open, as at Alpaca. The source and the hours can change while the book is kept (a reconfiguration), so they are
 * swapped here, not in the exchange.
 */
final class AccountQuotes implements Quotes {

    private final PriceProcess fx;
    private final PriceProcess usMarkets;
    private final Clock clock;
    private volatile PriceSource source;
    private volatile MarketHours hours = MarketHours.NEW_YORK;

    AccountQuotes(PriceProcess fx, PriceProcess usMarkets, Clock clock) {
        this.fx = fx;
        this.usMarkets = usMarkets;
        this.clock = clock;
    }

    void hours(MarketHours next) {
        this.hours = next;
    }

    /** Takes prices from this source from now on; null for the simulated walks. */
    void use(PriceSource next) {
        this.source = next;
    }

    PriceSource source() {
        return source;
    }

    @Override
    public PriceTick current(String symbol) {
        PriceSource from = source;
        if (from != null && from.covers(symbol)) {
            PriceTick live = from.last(symbol);
            // before the source's first price a position is valued at the simulated one, never at nothing
            if (live != null) {
                return live;
            }
        }
        return simulated(symbol);
    }

    @Override
    public PriceTick executable(String symbol) {
        if (UsMarkets.EQUITIES.containsKey(symbol) && !hours.openAt(clock.instant())) {
            return null;
        }
        PriceSource from = source;
        if (from != null && from.covers(symbol)) {
            return from.fresh(symbol).orElse(null);
        }
        return simulated(symbol);
    }

    private PriceTick simulated(String symbol) {
        PriceTick tick = fx.current(symbol);
        return tick != null ? tick : usMarkets.current(symbol);
    }
}
