package io.multibroker.risk;

import java.math.BigDecimal;

/** The last mid price of an instrument at one account, with its double for quick judgements far from a limit. */
record Quote(BigDecimal mid, double approximate) {

    static Quote of(BigDecimal mid) {
        return new Quote(mid, mid.doubleValue());
    }
}
