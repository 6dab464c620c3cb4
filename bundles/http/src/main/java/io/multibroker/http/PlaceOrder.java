package io.multibroker.http;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.RoutingRequest;
import io.multibroker.api.routing.RoutingStrategy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST /orders}. */
@Doc("An order to place, and how to choose its account")
public record PlaceOrder(
        @Doc(value = "your id for this order, unique: sending the same order again with it answers the first order instead of "
                + "placing a second, so a timed-out request can be retried safely", required = true, example = "strategy7-000123",
                pattern = PlaceOrder.CLIENT_ID) String clientOrderId,
        @Doc(value = "how to choose the account", required = true) Routing routing,
        @Doc(value = "the instrument's canonical id", required = true, example = "EUR_USD") String instrument,
        @Doc(value = "buy or sell", required = true) OrderSide side,
        @Doc(value = "the quantity, positive (or give notional)", example = "1000") BigDecimal units,
        @Doc(value = "an amount of the account's currency instead of units") BigDecimal notional,
        @Doc(value = "the order type (default MARKET)") OrderType type,
        @Doc(value = "time in force (default FOK for market orders, GTC otherwise)") TimeInForce timeInForce,
        @Doc(value = "the limit, stop or trigger price", example = "1.08500") BigDecimal price,
        @Doc(value = "a stop-limit order's trigger price") BigDecimal stopPrice,
        @Doc(value = "stop-loss price attached on fill") BigDecimal stopLoss,
        @Doc(value = "take-profit price attached on fill") BigDecimal takeProfit,
        @Doc(value = "trailing stop distance attached on fill") BigDecimal trailingStopDistance,
        @Doc(value = "expiry of a GTD order") Instant goodTillTime,
        @Doc(value = "the price you saw when you decided: slippage is measured against it") BigDecimal referencePrice,
        @Doc(value = "may execute outside regular hours") Boolean extendedHours) {

    /** Letters, digits and {@code . _ : -}, up to 64: what every supported broker takes as its client order id. */
    public static final String CLIENT_ID = "[A-Za-z0-9._:-]{1,64}";

    /**
     * How to choose the account.
     *
     * @param strategy the strategy
     * @param account the account for EXPLICIT, the preferred one for FAILOVER
     * @param experiment the experiment for EXPERIMENT
     */
    @Doc("How to choose the account: EXPLICIT and FAILOVER name an account, EXPERIMENT an experiment")
    public record Routing(
            @Doc(value = "EXPLICIT (the account), CAPABILITY (any that can take it), LOWEST_LATENCY, FAILOVER (the account, or "
                    + "the next that can take it), EXPERIMENT (the experiment's arm for this client order id)", required = true)
            RoutingStrategy strategy,
            @Doc(value = "the account, for EXPLICIT and FAILOVER", example = "paper-fast") String account,
            @Doc(value = "the experiment, for EXPERIMENT", example = "demo") String experiment) {

        RoutingRequest toRequest() {
            return new RoutingRequest(strategy, account, experiment);
        }
    }

    /** The order this asks for; an IllegalArgumentException names what is inconsistent (a limit order without a price, ...). */
    UnifiedOrder toOrder() {
        // each amount named with its value and rule; what only several fields together break is the order's own message
        List<Problem.FieldError> errors = new ArrayList<>();
        positive(errors, "units", units);
        positive(errors, "notional", notional);
        positive(errors, "price", price);
        positive(errors, "stopPrice", stopPrice);
        positive(errors, "stopLoss", stopLoss);
        positive(errors, "takeProfit", takeProfit);
        positive(errors, "trailingStopDistance", trailingStopDistance);
        positive(errors, "referencePrice", referencePrice);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        OrderType orderType = type == null ? OrderType.MARKET : type;
        UnifiedOrder.Builder builder = UnifiedOrder.builder(instrument, orderType, side, units).clientOrderId(clientOrderId)
                .price(price).stopPrice(stopPrice).stopLoss(stopLoss).takeProfit(takeProfit).trailingStopDistance(trailingStopDistance)
                .goodTillTime(goodTillTime).referencePrice(referencePrice).notional(notional)
                .extendedHours(Boolean.TRUE.equals(extendedHours));
        if (timeInForce != null) {
            builder.timeInForce(timeInForce);
        } else if (notional != null && orderType == OrderType.MARKET) {
            builder.timeInForce(TimeInForce.GFD);
        }
        return builder.build();
    }

    /** Adds the field's error when its amount is not positive. */
    static void positive(List<Problem.FieldError> errors, String field, BigDecimal value) {
        if (value != null && value.signum() <= 0) {
            errors.add(new Problem.FieldError(field, value.toPlainString(), "must be positive" + ("units".equals(field)
                    || "notional".equals(field) ? "; the side gives the direction" : "")));
        }
    }
}
