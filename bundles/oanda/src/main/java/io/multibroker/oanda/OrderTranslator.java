package io.multibroker.oanda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Unified orders to v20 order requests, and v20 answers to order results. Every number goes out as a
 * decimal string ({@code toPlainString}, never a double), the direction as the sign of the units; every
 * number read back is parsed from its string, and a field that is missing or not a decimal is a protocol
 * error, never a guess.
 */
final class OrderTranslator {

    static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true).appendLiteral('Z').toFormatter().withZone(ZoneOffset.UTC);

    private final String accountId;
    private final Function<String, OptionalInt> pricePrecision;
    /** OANDA's reason for the cancel of an order that a replace replaced. */
    private static final String REPLACED_BY_CLIENT = "CLIENT_REQUEST_REPLACED";

    private final Reasons reasons = Reasons.table();

    /** Without the account's instruments: an average is given at the precision its parts were quoted at. */
    OrderTranslator(String accountId) {
        this(accountId, symbol -> OptionalInt.empty());
    }

    /** {@code pricePrecision}: the decimals of an instrument's prices, when the account's instruments are known. */
    OrderTranslator(String accountId, Function<String, OptionalInt> pricePrecision) {
        this.accountId = accountId;
        this.pricePrecision = pricePrecision;
    }

    /** The body of {@code POST /orders}: {@code {"order": {...}}}. */
    ObjectNode request(UnifiedOrder order) {
        ObjectNode wrapper = V20Client.JSON.createObjectNode();
        ObjectNode request = wrapper.putObject("order");
        request.put("type", order.type().name());
        request.put("instrument", order.instrument());
        BigDecimal signed = order.side() == OrderSide.BUY ? order.units() : order.units().negate();
        request.put("units", signed.toPlainString());
        if (order.price() != null) {
            request.put("price", order.price().toPlainString());
        }
        request.put("timeInForce", order.timeInForce().name());
        if (order.goodTillTime() != null) {
            request.put("gtdTime", RFC3339.format(order.goodTillTime()));
        }
        request.put("positionFill", "DEFAULT");
        request.putObject("clientExtensions").put("id", order.clientOrderId());
        if (order.stopLoss() != null) {
            request.putObject("stopLossOnFill").put("price", order.stopLoss().toPlainString()).put("timeInForce", "GTC");
        }
        if (order.takeProfit() != null) {
            request.putObject("takeProfitOnFill").put("price", order.takeProfit().toPlainString()).put("timeInForce", "GTC");
        }
        if (order.trailingStopDistance() != null) {
            request.putObject("trailingStopLossOnFill").put("distance", order.trailingStopDistance().toPlainString())
                    .put("timeInForce", "GTC");
        }
        return wrapper;
    }

    /**
     * A 201 answer: pending (create only), filled (create and fill) or accepted then cancelled (create and
     * cancel, with OANDA's reason).
     */
    OrderResult created(UnifiedOrder order, JsonNode body, Instant submitted) {
        JsonNode create = body.get("orderCreateTransaction");
        if (create == null || !create.isObject()) {
            throw protocol("a 201 answer to an order without orderCreateTransaction");
        }
        String orderId = required(create, "id");
        JsonNode fill = body.get("orderFillTransaction");
        JsonNode cancel = body.get("orderCancelTransaction");
        if (fill != null && fill.isObject()) {
            return filled(order.clientOrderId(), orderId, order.instrument(), order.side(), order.type(), order.units(), fill, submitted);
        }
        if (cancel != null && cancel.isObject()) {
            return cancelled(order.clientOrderId(), orderId, order.instrument(), order.side(), order.type(), order.units(), cancel,
                    submitted);
        }
        return new OrderResult(accountId, order.clientOrderId(), orderId, null, order.instrument(), order.side(), order.type(),
                OrderStatus.ACCEPTED, order.units(), BigDecimal.ZERO, null, submitted, time(create), null, null);
    }

    /** A 400 or 404 answer that carries an {@code orderRejectTransaction}: refused, nothing executed. */
    Optional<OrderResult> rejected(UnifiedOrder order, JsonNode body, Instant submitted) {
        JsonNode reject = body == null ? null : body.get("orderRejectTransaction");
        if (reject == null || !reject.isObject()) {
            return Optional.empty();
        }
        String reason = V20Client.text(reject, "rejectReason");
        String message = body.hasNonNull("errorMessage") ? body.get("errorMessage").asText() : "OANDA rejected the order";
        ErrorDetail error = new ErrorDetail(reason == null ? ErrorCode.INVALID_ORDER : reasons.reject(reason), false, reason,
                message, context(order.clientOrderId(), null, order.instrument()));
        return Optional.of(OrderResult.rejected(accountId, order, error, submitted));
    }

    /** An order as {@code GET /orders/{id}} gives it, completed by its filling or cancelling transaction when it has one. */
    OrderResult fromOrder(JsonNode order, JsonNode closingTransaction, Instant now) {
        String orderId = required(order, "id");
        String clientId = order.path("clientExtensions").path("id").asText(null);
        String instrument = V20Client.text(order, "instrument");
        BigDecimal signed = order.hasNonNull("units") ? decimal(order, "units") : BigDecimal.ZERO;
        OrderSide side = signed.signum() < 0 ? OrderSide.SELL : OrderSide.BUY;
        OrderType type = type(V20Client.text(order, "type"));
        BigDecimal units = signed.abs();
        String state = required(order, "state");
        Instant created = order.hasNonNull("createTime") ? instant(order, "createTime") : now;
        switch (state) {
            case "PENDING":
                return new OrderResult(accountId, clientId, orderId, null, instrument, side, type, OrderStatus.ACCEPTED, units,
                        BigDecimal.ZERO, null, created, created, null, null);
            case "FILLED":
            case "TRIGGERED":
                if (closingTransaction == null) {
                    throw protocol("order " + orderId + " is " + state + " but its fill transaction could not be read");
                }
                return filled(clientId, orderId, instrument, side, type, units, closingTransaction, created);
            case "CANCELLED":
                if (closingTransaction == null) {
                    return new OrderResult(accountId, clientId, orderId, null, instrument, side, type, OrderStatus.CANCELLED, units,
                            BigDecimal.ZERO, null, created, created, order.hasNonNull("replacedByOrderID") ? OrderResult.REPLACED : null, null);
                }
                return cancelled(clientId, orderId, instrument, side, type, units, closingTransaction, created);
            default:
                throw protocol("order " + orderId + " has the unknown state " + state);
        }
    }

    /**
     * A pending entry order (LIMIT, STOP, MARKET_IF_TOUCHED) as {@code GET /orders/{id}} gives it, as the unified order it
     * stands for: what a replacement is applied to. A dependent order (take profit, stop loss on a trade) is not one.
     */
    UnifiedOrder pendingOrder(JsonNode order) {
        String v20Type = required(order, "type");
        if (!List.of("LIMIT", "STOP", "MARKET_IF_TOUCHED").contains(v20Type)) {
            throw StandardBrokerError.of(ErrorCode.INVALID_ORDER, null, "order " + required(order, "id") + " is a " + v20Type
                    + " order; only LIMIT, STOP and MARKET_IF_TOUCHED entry orders are replaced here", ErrorContext.account(accountId));
        }
        BigDecimal signed = decimal(order, "units");
        UnifiedOrder.Builder builder = UnifiedOrder.builder(required(order, "instrument"), type(v20Type),
                signed.signum() < 0 ? OrderSide.SELL : OrderSide.BUY, signed.abs()).price(decimal(order, "price"))
                .clientOrderId(order.path("clientExtensions").path("id").asText(null));
        String timeInForce = required(order, "timeInForce");
        try {
            builder.timeInForce(TimeInForce.valueOf(timeInForce));
        } catch (IllegalArgumentException e) {
            throw protocol("order " + required(order, "id") + " has the unknown time in force " + timeInForce);
        }
        if (order.hasNonNull("gtdTime")) {
            builder.goodTillTime(instant(order, "gtdTime"));
        }
        if (order.path("stopLossOnFill").hasNonNull("price")) {
            builder.stopLoss(decimal(order.get("stopLossOnFill"), "price"));
        }
        if (order.path("takeProfitOnFill").hasNonNull("price")) {
            builder.takeProfit(decimal(order.get("takeProfitOnFill"), "price"));
        }
        if (order.path("trailingStopLossOnFill").hasNonNull("distance")) {
            builder.trailingStopDistance(decimal(order.get("trailingStopLossOnFill"), "distance"));
        }
        return builder.build();
    }

    private OrderResult filled(String clientId, String orderId, String instrument, OrderSide side, OrderType type, BigDecimal requested,
            JsonNode fill, Instant submitted) {
        BigDecimal filledUnits = decimal(fill, "units").abs();
        String tradeId = fill.path("tradeOpened").path("tradeID").asText(null);
        return new OrderResult(accountId, clientId, orderId, tradeId, instrument, side, type,
                filledUnits.compareTo(requested) < 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.FILLED, requested, filledUnits,
                averagePrice(fill, instrument), submitted, time(fill), null, null);
    }

    private OrderResult cancelled(String clientId, String orderId, String instrument, OrderSide side, OrderType type, BigDecimal requested,
            JsonNode cancel, Instant submitted) {
        String reason = V20Client.text(cancel, "reason");
        ErrorDetail error = reason == null ? null : reasons.cancel(reason).map(code -> new ErrorDetail(code, false, reason,
                "OANDA accepted, then cancelled the order: " + reason, context(clientId, orderId, instrument))).orElse(null);
        // OANDA says CLIENT_REQUEST_REPLACED and names the replacing order: the runtime's one word for it, by which a
        // caller tells a replaced order from a cancelled one
        boolean replaced = cancel.hasNonNull("replacedByOrderID") || REPLACED_BY_CLIENT.equals(reason);
        return new OrderResult(accountId, clientId, orderId, null, instrument, side, type, OrderStatus.CANCELLED, requested,
                BigDecimal.ZERO, null, submitted, time(cancel), replaced ? OrderResult.REPLACED : reason, error);
    }

    /**
     * The price of a fill: the broker's own when it has one part (a trade opened, reduced or closed), else the
     * average over its parts at the instrument's precision; the top-level {@code price} (deprecated in v20) only
     * when it names no part.
     */
    private BigDecimal averagePrice(JsonNode fill, String instrument) {
        List<JsonNode> parts = parts(fill);
        if (parts.isEmpty()) {
            return decimal(fill, "price");
        }
        if (parts.size() == 1) {
            return decimal(parts.get(0), "price");
        }
        BigDecimal units = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        int partsScale = 0;
        for (JsonNode part : parts) {
            BigDecimal partUnits = decimal(part, "units").abs();
            BigDecimal price = decimal(part, "price");
            units = units.add(partUnits);
            cost = cost.add(partUnits.multiply(price));
            partsScale = Math.max(partsScale, price.scale());
        }
        // prices are quoted at the instrument's precision, and so is their average; before the instruments are read,
        // the precision the parts were quoted at. Rounded half to even: an average is as often above as below its
        // exact value, so the slippage and execution-quality figures summed over many fills carry no drift one way
        // (half up would round every tie up: against a buy, in favour of a sell)
        OptionalInt precision = instrument == null ? OptionalInt.empty() : pricePrecision.apply(instrument);
        return cost.divide(units, precision.orElse(partsScale), RoundingMode.HALF_EVEN);
    }

    private static List<JsonNode> parts(JsonNode fill) {
        List<JsonNode> parts = new ArrayList<>();
        if (fill.path("tradeOpened").isObject()) {
            parts.add(fill.get("tradeOpened"));
        }
        if (fill.path("tradeReduced").isObject()) {
            parts.add(fill.get("tradeReduced"));
        }
        fill.path("tradesClosed").forEach(parts::add);
        parts.removeIf(p -> !p.hasNonNull("price") || !p.hasNonNull("units"));
        return parts;
    }

    static OrderType type(String v20Type) {
        if (v20Type == null) {
            return OrderType.MARKET;
        }
        return switch (v20Type) {
            case "LIMIT", "TAKE_PROFIT" -> OrderType.LIMIT;
            case "STOP", "STOP_LOSS", "TRAILING_STOP_LOSS", "GUARANTEED_STOP_LOSS" -> OrderType.STOP;
            case "MARKET_IF_TOUCHED" -> OrderType.MARKET_IF_TOUCHED;
            default -> OrderType.MARKET;
        };
    }

    private ErrorContext context(String clientId, String orderId, String instrument) {
        return new ErrorContext(accountId, orderId, clientId, instrument, null);
    }

    String required(JsonNode node, String field) {
        String value = V20Client.text(node, field);
        if (value == null) {
            throw protocol("OANDA's answer has no " + field + ": " + V20Client.excerpt(node.toString()));
        }
        return value;
    }

    BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw protocol("OANDA's answer has no decimal string " + field + ": " + V20Client.excerpt(node.toString()));
        }
        try {
            return new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw protocol("OANDA's " + field + " is not a decimal: " + value.asText());
        }
    }

    private Instant time(JsonNode transaction) {
        return transaction.hasNonNull("time") ? instant(transaction, "time") : Instant.now();
    }

    Instant instant(JsonNode node, String field) {
        String text = required(node, field);
        // the form v20 sends, read digit by digit: Instant.parse was a tenth of an order's round trip in a profile
        Instant fast = PriceMessages.rfc3339Utc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw protocol("OANDA's " + field + " is not an RFC3339 time: " + text);
        }
    }

    StandardBrokerError protocol(String message) {
        return StandardBrokerError.of(ErrorCode.BROKER_PROTOCOL_ERROR, null, message, ErrorContext.account(accountId));
    }
}
