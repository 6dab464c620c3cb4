package io.multibroker.paper;

import io.multibroker.api.model.PriceTick;

/** The current price of each quoted instrument, as the exchange sees it. */
interface Quotes {

    /** The latest tick of the symbol, or null when it is not quoted. */
    PriceTick current(String symbol);
}
