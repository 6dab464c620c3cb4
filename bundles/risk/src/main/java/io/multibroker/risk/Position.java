package io.multibroker.risk;

import java.math.BigDecimal;

/**
 * What the risk layer knows of one instrument's position at one account: the net units the broker last reported, the
 * fills seen since, and the units of orders sent and not yet answered. The account's lock guards it.
 */
final class Position {

    private BigDecimal reported = BigDecimal.ZERO;
    private double reportedApproximate;
    final Exposure fills = new Exposure();
    final Exposure inFlight = new Exposure();

    void reported(BigDecimal netUnits) {
        reported = netUnits;
        reportedApproximate = netUnits.doubleValue();
    }

    /** Net units held now (reported plus fills since), without the orders in flight. */
    BigDecimal held() {
        return fills.isZero() ? reported : reported.add(fills.exact());
    }

    /** Net units held now plus those of orders in flight: the exposure an order adds to. */
    BigDecimal exposure() {
        BigDecimal held = held();
        return inFlight.isZero() ? held : held.add(inFlight.exact());
    }

    double approximateExposure() {
        return reportedApproximate + fills.approximate() + inFlight.approximate();
    }
}
