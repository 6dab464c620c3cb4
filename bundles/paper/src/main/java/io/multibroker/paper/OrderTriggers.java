package io.multibroker.paper;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** When a resting order executes (its price is reached) and when it expires (its time in force is over). */
final class OrderTriggers {

    private OrderTriggers() {
    }

    static boolean triggered(UnifiedOrder request, PriceTick tick) {
        BigDecimal touch = tick.priceFor(request.side());
        boolean buy = request.side() == OrderSide.BUY;
        return switch (request.type()) {
            case MARKET -> true;
            // a limit or touch order executes at its price or better
            case LIMIT, MARKET_IF_TOUCHED -> buy ? touch.compareTo(request.price()) <= 0 : touch.compareTo(request.price()) >= 0;
            // a stop executes once the market has moved through its price
            case STOP -> buy ? touch.compareTo(request.price()) >= 0 : touch.compareTo(request.price()) <= 0;
            // through the stop, and the limit still reachable (paper does not declare STOP_LIMIT_ORDERS yet)
            case STOP_LIMIT -> buy ? touch.compareTo(request.stopPrice()) >= 0 && touch.compareTo(request.price()) <= 0
                    : touch.compareTo(request.stopPrice()) <= 0 && touch.compareTo(request.price()) >= 0;
            // paper does not declare TRAILING_STOP_ORDERS: refused before it reaches the book
            case TRAILING_STOP -> false;
        };
    }

    static boolean expired(UnifiedOrder request, Instant submittedAt, Instant now) {
        return switch (request.timeInForce()) {
            case GTD -> now.isAfter(request.goodTillTime());
            // a trading day here ends at 21:00 UTC (5 pm New York in summer), as FX brokers roll
            case GFD -> now.isAfter(endOfTradingDay(submittedAt));
            default -> false;
        };
    }

    private static Instant endOfTradingDay(Instant submittedAt) {
        LocalDate day = submittedAt.atZone(ZoneOffset.UTC).toLocalDate();
        Instant end = day.atTime(21, 0).toInstant(ZoneOffset.UTC);
        return submittedAt.isBefore(end) ? end : end.plusSeconds(86_400);
    }
}
