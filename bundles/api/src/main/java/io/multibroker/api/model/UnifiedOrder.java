package io.multibroker.api.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A broker-agnostic order. Quantities are always positive; the side gives the direction.
 *
 * @param orderId the caller's own id for this order, if it has one (not sent to brokers)
 * @param clientOrderId the id sent to the broker, which makes the order findable after an unknown
 *        outcome; generated when not given
 * @param instrument the symbol
 * @param type market, limit, stop or market-if-touched
 * @param side buy or sell
 * @param units the quantity, positive; null for an order sized by {@code notional}
 * @param price the limit, stop or trigger price (a stop-limit order's limit); null for market orders
 * @param stopLoss the stop-loss price to attach on fill, or null
 * @param takeProfit the take-profit price to attach on fill, or null
 * @param trailingStopDistance the trailing stop distance (a price difference) to attach on fill, or null
 * @param timeInForce how long the order stays working
 * @param goodTillTime when a GTD order expires; null otherwise
 * @param brokerSpecific options that only some brokers understand, passed through as they are
 * @param referencePrice the price the caller saw when it decided (for a buy the ask, for a sell the bid),
 *        or null; never sent to a broker: the runtime measures slippage against it
 * @param stopPrice a stop-limit order's trigger price; null for every other type (since 1.2)
 * @param notional the amount of the account's currency to buy or sell instead of a quantity, or null; exactly one of
 *        {@code units} and {@code notional} is given (since 1.2; needs {@code NOTIONAL_ORDERS})
 * @param extendedHours whether the order may execute outside the regular session (since 1.2; needs
 *        {@code EXTENDED_HOURS})
 */
public record UnifiedOrder(String orderId, String clientOrderId, String instrument, OrderType type, OrderSide side,
        BigDecimal units, BigDecimal price, BigDecimal stopLoss, BigDecimal takeProfit,
        BigDecimal trailingStopDistance, TimeInForce timeInForce, Instant goodTillTime,
        Map<String, String> brokerSpecific, BigDecimal referencePrice, BigDecimal stopPrice, BigDecimal notional,
        boolean extendedHours) {

    public UnifiedOrder {
        requireText(instrument, "instrument");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(timeInForce, "timeInForce");
        if (clientOrderId == null || clientOrderId.isBlank()) {
            clientOrderId = UUID.randomUUID().toString();
        }
        brokerSpecific = brokerSpecific == null ? Map.of() : Map.copyOf(brokerSpecific);
        if ((units == null) == (notional == null)) {
            throw new IllegalArgumentException("an order is sized by units or by notional, exactly one of them");
        }
        if (units != null && units.signum() <= 0) {
            throw new IllegalArgumentException("units " + units.toPlainString() + " must be positive; the side gives the direction");
        }
        if (notional != null && notional.signum() <= 0) {
            throw new IllegalArgumentException("notional " + notional.toPlainString() + " must be positive; the side gives the direction");
        }
        if (type == OrderType.TRAILING_STOP && trailingStopDistance == null) {
            throw new IllegalArgumentException("TRAILING_STOP order needs a trailing stop distance");
        }
        if (type.needsStopPrice() != (stopPrice != null)) {
            throw new IllegalArgumentException(type.needsStopPrice() ? type + " order needs a stop price"
                    : "a stop price is only for STOP_LIMIT orders, not " + type);
        }
        if (type.needsPrice() && price == null) {
            throw new IllegalArgumentException(type + " order needs a price");
        }
        if (!type.needsPrice() && price != null) {
            throw new IllegalArgumentException(type + " order must not have a price (got " + price.toPlainString() + ")");
        }
        if (timeInForce == TimeInForce.GTD && goodTillTime == null) {
            throw new IllegalArgumentException("GTD order needs a good-till time");
        }
        if (timeInForce != TimeInForce.GTD && goodTillTime != null) {
            throw new IllegalArgumentException("good-till time is only for GTD orders, not " + timeInForce);
        }
    }

    /** An order as model 1.1 knew it: sized by units, no stop price, regular hours only. */
    public UnifiedOrder(String orderId, String clientOrderId, String instrument, OrderType type, OrderSide side,
            BigDecimal units, BigDecimal price, BigDecimal stopLoss, BigDecimal takeProfit,
            BigDecimal trailingStopDistance, TimeInForce timeInForce, Instant goodTillTime,
            Map<String, String> brokerSpecific, BigDecimal referencePrice) {
        this(orderId, clientOrderId, instrument, type, side, units, price, stopLoss, takeProfit, trailingStopDistance,
                timeInForce, goodTillTime, brokerSpecific, referencePrice, null, null, false);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    public static Builder market(String instrument, OrderSide side, BigDecimal units) {
        return new Builder(instrument, OrderType.MARKET, side, units).timeInForce(TimeInForce.FOK);
    }

    public static Builder limit(String instrument, OrderSide side, BigDecimal units, BigDecimal price) {
        return new Builder(instrument, OrderType.LIMIT, side, units).price(price);
    }

    /** A market order for an amount of the account's currency (good for the day, as brokers that take them require). */
    public static Builder notional(String instrument, OrderSide side, BigDecimal amount) {
        return new Builder(instrument, OrderType.MARKET, side, null).notional(amount).timeInForce(TimeInForce.GFD);
    }

    public static Builder builder(String instrument, OrderType type, OrderSide side, BigDecimal units) {
        return new Builder(instrument, type, side, units)
                .timeInForce(type == OrderType.MARKET ? TimeInForce.FOK : TimeInForce.GTC);
    }

    public Builder toBuilder() {
        return new Builder(instrument, type, side, units).orderId(orderId).clientOrderId(clientOrderId).price(price)
                .stopLoss(stopLoss).takeProfit(takeProfit).trailingStopDistance(trailingStopDistance)
                .timeInForce(timeInForce).goodTillTime(goodTillTime).brokerSpecific(brokerSpecific).referencePrice(referencePrice)
                .stopPrice(stopPrice).notional(notional).extendedHours(extendedHours);
    }

    /** The same order with the price the caller saw, for slippage measurement. */
    public UnifiedOrder withReferencePrice(BigDecimal price) {
        return toBuilder().referencePrice(price).build();
    }

    /** Whether the order is sized by an amount of money rather than a quantity. */
    public boolean byNotional() {
        return notional != null;
    }

    /** Units with the side's sign: positive to buy, negative to sell; null for an order sized by notional. */
    public BigDecimal signedUnits() {
        return units == null ? null : side == OrderSide.BUY ? units : units.negate();
    }

    public static final class Builder {
        private final String instrument;
        private final OrderType type;
        private final OrderSide side;
        private final BigDecimal units;
        private String orderId;
        private String clientOrderId;
        private BigDecimal price;
        private BigDecimal stopLoss;
        private BigDecimal takeProfit;
        private BigDecimal trailingStopDistance;
        private TimeInForce timeInForce = TimeInForce.GTC;
        private Instant goodTillTime;
        private Map<String, String> brokerSpecific = Map.of();
        private BigDecimal referencePrice;
        private BigDecimal stopPrice;
        private BigDecimal notional;
        private boolean extendedHours;

        private Builder(String instrument, OrderType type, OrderSide side, BigDecimal units) {
            this.instrument = instrument;
            this.type = type;
            this.side = side;
            this.units = units;
        }

        public Builder orderId(String value) { this.orderId = value; return this; }
        public Builder clientOrderId(String value) { this.clientOrderId = value; return this; }
        public Builder price(BigDecimal value) { this.price = value; return this; }
        public Builder stopLoss(BigDecimal value) { this.stopLoss = value; return this; }
        public Builder takeProfit(BigDecimal value) { this.takeProfit = value; return this; }
        public Builder trailingStopDistance(BigDecimal value) { this.trailingStopDistance = value; return this; }
        public Builder timeInForce(TimeInForce value) { this.timeInForce = value; return this; }
        public Builder goodTillTime(Instant value) { this.goodTillTime = value; return this; }
        public Builder brokerSpecific(Map<String, String> value) { this.brokerSpecific = value; return this; }
        public Builder referencePrice(BigDecimal value) { this.referencePrice = value; return this; }
        public Builder stopPrice(BigDecimal value) { this.stopPrice = value; return this; }
        /** Sizes the order by this amount of money instead of units (the builder's units must be null). */
        public Builder notional(BigDecimal value) { this.notional = value; return this; }
        public Builder extendedHours(boolean value) { this.extendedHours = value; return this; }

        public UnifiedOrder build() {
            return new UnifiedOrder(orderId, clientOrderId, instrument, type, side, units, price, stopLoss, takeProfit,
                    trailingStopDistance, timeInForce, goodTillTime, brokerSpecific, referencePrice, stopPrice, notional,
                    extendedHours);
        }
    }
}
