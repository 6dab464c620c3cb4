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
 * @param units the quantity, positive
 * @param price the limit, stop or trigger price; null for market orders
 * @param stopLoss the stop-loss price to attach on fill, or null
 * @param takeProfit the take-profit price to attach on fill, or null
 * @param trailingStopDistance the trailing stop distance (a price difference) to attach on fill, or null
 * @param timeInForce how long the order stays working
 * @param goodTillTime when a GTD order expires; null otherwise
 * @param brokerSpecific options that only some brokers understand, passed through as they are
 * @param referencePrice the price the caller saw when it decided (for a buy the ask, for a sell the bid),
 *        or null; never sent to a broker: the runtime measures slippage against it
 */
public record UnifiedOrder(String orderId, String clientOrderId, String instrument, OrderType type, OrderSide side,
        BigDecimal units, BigDecimal price, BigDecimal stopLoss, BigDecimal takeProfit,
        BigDecimal trailingStopDistance, TimeInForce timeInForce, Instant goodTillTime,
        Map<String, String> brokerSpecific, BigDecimal referencePrice) {

    public UnifiedOrder {
        requireText(instrument, "instrument");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(units, "units");
        Objects.requireNonNull(timeInForce, "timeInForce");
        if (clientOrderId == null || clientOrderId.isBlank()) {
            clientOrderId = UUID.randomUUID().toString();
        }
        brokerSpecific = brokerSpecific == null ? Map.of() : Map.copyOf(brokerSpecific);
        if (units.signum() <= 0) {
            throw new IllegalArgumentException("units " + units.toPlainString() + " must be positive; the side gives the direction");
        }
        if (type.needsPrice() && price == null) {
            throw new IllegalArgumentException(type + " order needs a price");
        }
        if (!type.needsPrice() && price != null) {
            throw new IllegalArgumentException("MARKET order must not have a price (got " + price.toPlainString() + ")");
        }
        if (timeInForce == TimeInForce.GTD && goodTillTime == null) {
            throw new IllegalArgumentException("GTD order needs a good-till time");
        }
        if (timeInForce != TimeInForce.GTD && goodTillTime != null) {
            throw new IllegalArgumentException("good-till time is only for GTD orders, not " + timeInForce);
        }
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

    public static Builder builder(String instrument, OrderType type, OrderSide side, BigDecimal units) {
        return new Builder(instrument, type, side, units)
                .timeInForce(type == OrderType.MARKET ? TimeInForce.FOK : TimeInForce.GTC);
    }

    public Builder toBuilder() {
        return new Builder(instrument, type, side, units).orderId(orderId).clientOrderId(clientOrderId).price(price)
                .stopLoss(stopLoss).takeProfit(takeProfit).trailingStopDistance(trailingStopDistance)
                .timeInForce(timeInForce).goodTillTime(goodTillTime).brokerSpecific(brokerSpecific).referencePrice(referencePrice);
    }

    /** The same order with the price the caller saw, for slippage measurement. */
    public UnifiedOrder withReferencePrice(BigDecimal price) {
        return toBuilder().referencePrice(price).build();
    }

    /** Units with the side's sign: positive to buy, negative to sell. */
    public BigDecimal signedUnits() {
        return side == OrderSide.BUY ? units : units.negate();
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

        public UnifiedOrder build() {
            return new UnifiedOrder(orderId, clientOrderId, instrument, type, side, units, price, stopLoss, takeProfit,
                    trailingStopDistance, timeInForce, goodTillTime, brokerSpecific, referencePrice);
        }
    }
}
