package io.multibroker.paper;

import io.multibroker.api.model.PriceTick;

/** The current price of each quoted instrument, as the exchange sees it. */
interface Quotes {

    /** The latest tick of the symbol, or null when it is not quoted: what positions and conversions are valued at. */
    PriceTick current(String symbol);

    /**
     * The tick an order may execute at now, or null when there is none fit for it (a live source's price that is
     * stale): the order then rests without being matched, or is refused when it must execute now.
     */
    default PriceTick executable(String symbol) {
        return current(symbol);
    }
}
