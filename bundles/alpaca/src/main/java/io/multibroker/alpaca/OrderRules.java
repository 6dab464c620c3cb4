package io.multibroker.alpaca;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Alpaca's rules that depend on the asset or on the combination of fields, which the account's capabilities cannot
 * say: checked before sending, so that such an order is refused with the right code and costs no request of the
 * 200 a minute.
 */
final class OrderRules {

    private static final Set<OrderType> CRYPTO_TYPES = EnumSet.of(OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_LIMIT);
    private static final Set<TimeInForce> CRYPTO_TIF = EnumSet.of(TimeInForce.GTC, TimeInForce.IOC);
    private static final Set<TimeInForce> BRACKET_TIF = EnumSet.of(TimeInForce.GFD, TimeInForce.GTC);

    private OrderRules() {
    }

    static Optional<ErrorDetail> refusal(UnifiedOrder order, Instrument instrument) {
        boolean crypto = instrument.type() == InstrumentType.CRYPTO;
        boolean attached = order.stopLoss() != null || order.takeProfit() != null;
        if (order.trailingStopDistance() != null && order.type() != OrderType.TRAILING_STOP) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "Alpaca attaches no trailing stop to an order's fill: send a TRAILING_STOP order");
        }
        if (crypto && !CRYPTO_TYPES.contains(order.type())) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, order.type() + " orders are not offered for crypto (market, limit, stop-limit)");
        }
        if (crypto && !CRYPTO_TIF.contains(order.timeInForce())) {
            return refuse(ErrorCode.UNSUPPORTED_TIME_IN_FORCE, "crypto orders are GTC or IOC, not " + order.timeInForce());
        }
        if (crypto && (attached || order.extendedHours())) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "crypto orders take no stop loss, take profit or extended hours");
        }
        boolean fractional = !order.byNotional() && order.units().stripTrailingZeros().scale() > 0;
        if (!crypto && (fractional || order.byNotional())) {
            if (!instrument.has(Instrument.FRACTIONABLE)) {
                return refuse(ErrorCode.INVALID_QUANTITY, instrument.symbol() + " is not fractionable: whole shares only");
            }
            if (order.type() != OrderType.MARKET || order.timeInForce() != TimeInForce.GFD) {
                return refuse(fractional ? ErrorCode.INVALID_QUANTITY : ErrorCode.UNSUPPORTED_TIME_IN_FORCE,
                        (fractional ? "fractional" : "notional") + " orders are market orders for the day (GFD) only");
            }
        }
        if (order.byNotional() && crypto && order.type() != OrderType.MARKET) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "notional orders are market orders");
        }
        if (order.extendedHours() && (order.type() != OrderType.LIMIT || order.timeInForce() != TimeInForce.GFD)) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "extended-hours orders are limit orders for the day (GFD) only");
        }
        if (attached && (!BRACKET_TIF.contains(order.timeInForce()) || order.extendedHours())) {
            return refuse(ErrorCode.UNSUPPORTED_TIME_IN_FORCE, "a stop loss or take profit (bracket) needs GFD or GTC in regular hours, not "
                    + order.timeInForce());
        }
        if (attached && order.byNotional()) {
            return refuse(ErrorCode.UNSUPPORTED_ORDER_TYPE, "a notional order takes no stop loss or take profit");
        }
        return Optional.empty();
    }

    private static Optional<ErrorDetail> refuse(ErrorCode code, String message) {
        return Optional.of(ErrorDetail.of(code, message));
    }
}
