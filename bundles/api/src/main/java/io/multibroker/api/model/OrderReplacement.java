package io.multibroker.api.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * What to change in a resting order ({@code BrokerAdapter.replaceOrder}). A null field keeps the order's value.
 * Brokers replace by cancel-and-replace: the replacement is a new order with a new broker id, and the client
 * order id given here (generated when not given), so that it can be found after an unknown outcome like any order.
 *
 * @param clientOrderId the client order id of the replacing order; generated when null or blank
 * @param price the new limit, stop or trigger price
 * @param units the new quantity (positive)
 * @param timeInForce the new time in force
 * @param goodTillTime the new expiry of a GTD order
 * @param stopLoss the new stop loss to attach on fill
 * @param takeProfit the new take profit to attach on fill
 */
public record OrderReplacement(String clientOrderId, BigDecimal price, BigDecimal units, TimeInForce timeInForce,
        Instant goodTillTime, BigDecimal stopLoss, BigDecimal takeProfit) {

    public OrderReplacement {
        if (clientOrderId == null || clientOrderId.isBlank()) {
            clientOrderId = UUID.randomUUID().toString();
        }
        if (units != null && units.signum() <= 0) {
            throw new IllegalArgumentException("units " + units.toPlainString() + " must be positive");
        }
        if (price == null && units == null && timeInForce == null && goodTillTime == null && stopLoss == null && takeProfit == null) {
            throw new IllegalArgumentException("a replacement changes at least one of price, units, time in force, stop loss, take profit");
        }
    }

    /** The order as it will stand once replaced: {@code original} with this replacement's values and client order id. */
    public UnifiedOrder applyTo(UnifiedOrder original) {
        UnifiedOrder.Builder builder = original.toBuilder().clientOrderId(clientOrderId);
        if (price != null) {
            builder.price(price);
        }
        if (timeInForce != null) {
            builder.timeInForce(timeInForce);
            if (timeInForce != TimeInForce.GTD) {
                builder.goodTillTime(null);
            }
        }
        if (goodTillTime != null) {
            builder.goodTillTime(goodTillTime);
        }
        if (stopLoss != null) {
            builder.stopLoss(stopLoss);
        }
        if (takeProfit != null) {
            builder.takeProfit(takeProfit);
        }
        UnifiedOrder changed = builder.build();
        return units == null ? changed : new UnifiedOrder(changed.orderId(), changed.clientOrderId(), changed.instrument(),
                changed.type(), changed.side(), units, changed.price(), changed.stopLoss(), changed.takeProfit(),
                changed.trailingStopDistance(), changed.timeInForce(), changed.goodTillTime(), changed.brokerSpecific(),
                changed.referencePrice(), changed.stopPrice(), null, changed.extendedHours());
    }
}
