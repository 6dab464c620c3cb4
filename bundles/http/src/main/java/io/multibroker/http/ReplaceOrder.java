package io.multibroker.http;

import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.TimeInForce;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The body of a replace: what changes; a field left out keeps the order's value. */
@Doc("What to change in a resting order; the replacement is a new order with its own client order id")
public record ReplaceOrder(
        @Doc(value = "the client order id of the replacing order: a retry with it answers the first replacement", required = true,
                pattern = PlaceOrder.CLIENT_ID) String clientOrderId,
        @Doc("the new limit, stop or trigger price") BigDecimal price,
        @Doc("the new quantity") BigDecimal units,
        @Doc("the new time in force") TimeInForce timeInForce,
        @Doc("the new expiry of a GTD order") Instant goodTillTime,
        @Doc("the new stop loss attached on fill") BigDecimal stopLoss,
        @Doc("the new take profit attached on fill") BigDecimal takeProfit) {

    OrderReplacement toReplacement() {
        List<Problem.FieldError> errors = new ArrayList<>();
        PlaceOrder.positive(errors, "price", price);
        PlaceOrder.positive(errors, "units", units);
        PlaceOrder.positive(errors, "stopLoss", stopLoss);
        PlaceOrder.positive(errors, "takeProfit", takeProfit);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new OrderReplacement(clientOrderId, price, units, timeInForce, goodTillTime, stopLoss, takeProfit);
    }
}
