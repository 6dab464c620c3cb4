package io.multibroker.paper;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;

/** An open trade: units opened by one fill, with its protective orders (stop loss, take profit, trailing stop). */
final class OpenTrade {
    final String id;
    final String instrument;
    final OrderSide side;
    BigDecimal units;
    final BigDecimal openPrice;
    final BigDecimal stopLoss;
    final BigDecimal takeProfit;
    final BigDecimal trailingDistance;
    BigDecimal trailingStop;

    OpenTrade(String id, String instrument, OrderSide side, BigDecimal units, BigDecimal openPrice, UnifiedOrder from) {
        this.id = id;
        this.instrument = instrument;
        this.side = side;
        this.units = units;
        this.openPrice = openPrice;
        this.stopLoss = from.stopLoss();
        this.takeProfit = from.takeProfit();
        this.trailingDistance = from.trailingStopDistance();
        if (trailingDistance != null) {
            trailingStop = side == OrderSide.BUY ? openPrice.subtract(trailingDistance) : openPrice.add(trailingDistance);
        }
    }

    /** The price at which the stop loss, trailing stop or take profit fires now, or null; the trailing stop follows the tick. */
    BigDecimal protectionTriggered(PriceTick tick) {
        boolean isLong = side == OrderSide.BUY;
        BigDecimal exit = isLong ? tick.bid() : tick.ask();
        if (trailingDistance != null) {
            BigDecimal candidate = isLong ? exit.subtract(trailingDistance) : exit.add(trailingDistance);
            if (isLong ? candidate.compareTo(trailingStop) > 0 : candidate.compareTo(trailingStop) < 0) {
                trailingStop = candidate;
            }
            if (isLong ? exit.compareTo(trailingStop) <= 0 : exit.compareTo(trailingStop) >= 0) {
                return exit;
            }
        }
        if (stopLoss != null && (isLong ? exit.compareTo(stopLoss) <= 0 : exit.compareTo(stopLoss) >= 0)) {
            return exit;
        }
        if (takeProfit != null && (isLong ? exit.compareTo(takeProfit) >= 0 : exit.compareTo(takeProfit) <= 0)) {
            return takeProfit;
        }
        return null;
    }
}
