package io.multibroker.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;

/** Orders between the runtime's model and Alpaca's JSON, both ways; trade updates into order events. */
final class OrderTranslator {

    private final String accountId;

    OrderTranslator(String accountId) {
        this.accountId = accountId;
    }

    /** The body of {@code POST /v2/orders}. Every number as a plain decimal string. */
    ObjectNode request(UnifiedOrder order, String alpacaSymbol) {
        ObjectNode body = AlpacaJson.MAPPER.createObjectNode();
        body.put("symbol", alpacaSymbol);
        if (order.byNotional()) {
            body.put("notional", order.notional().toPlainString());
        } else {
            body.put("qty", order.units().toPlainString());
        }
        body.put("side", order.side() == OrderSide.BUY ? "buy" : "sell");
        body.put("type", type(order.type()));
        body.put("time_in_force", tif(order.timeInForce()));
        switch (order.type()) {
            case LIMIT -> body.put("limit_price", order.price().toPlainString());
            case STOP -> body.put("stop_price", order.price().toPlainString());
            case STOP_LIMIT -> {
                body.put("limit_price", order.price().toPlainString());
                body.put("stop_price", order.stopPrice().toPlainString());
            }
            case TRAILING_STOP -> body.put("trail_price", order.trailingStopDistance().toPlainString());
            default -> {
                // a market order has no price
            }
        }
        if (order.extendedHours()) {
            body.put("extended_hours", true);
        }
        body.put("client_order_id", order.clientOrderId());
        if (order.takeProfit() != null || order.stopLoss() != null) {
            // both: a bracket; one: one-triggers-other
            body.put("order_class", order.takeProfit() != null && order.stopLoss() != null ? "bracket" : "oto");
            if (order.takeProfit() != null) {
                body.putObject("take_profit").put("limit_price", order.takeProfit().toPlainString());
            }
            if (order.stopLoss() != null) {
                body.putObject("stop_loss").put("stop_price", order.stopLoss().toPlainString());
            }
        }
        return body;
    }

    static String type(OrderType type) {
        return switch (type) {
            case MARKET -> "market";
            case LIMIT -> "limit";
            case STOP -> "stop";
            case STOP_LIMIT -> "stop_limit";
            case TRAILING_STOP -> "trailing_stop";
            case MARKET_IF_TOUCHED -> throw new IllegalArgumentException("Alpaca has no market-if-touched orders");
        };
    }

    static String tif(TimeInForce tif) {
        return switch (tif) {
            case GFD -> "day";
            case GTC -> "gtc";
            case AT_OPEN -> "opg";
            case AT_CLOSE -> "cls";
            case IOC -> "ioc";
            case FOK -> "fok";
            case GTD -> throw new IllegalArgumentException("Alpaca has no good-till-date orders");
        };
    }

    private static OrderType typeOf(String type) {
        return switch (type) {
            case "limit" -> OrderType.LIMIT;
            case "stop" -> OrderType.STOP;
            case "stop_limit" -> OrderType.STOP_LIMIT;
            case "trailing_stop" -> OrderType.TRAILING_STOP;
            default -> OrderType.MARKET;
        };
    }

    /** Alpaca's order status as the runtime's; a status added later reads as still working (ACCEPTED). */
    static OrderStatus status(String status) {
        return switch (status) {
            case "filled" -> OrderStatus.FILLED;
            case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
            // what filled before a cancel stays in the result's filled units
            case "canceled", "expired", "replaced", "done_for_day" -> OrderStatus.CANCELLED;
            case "rejected", "suspended" -> OrderStatus.REJECTED;
            default -> OrderStatus.ACCEPTED;
        };
    }

    /** An order object as a result. */
    OrderResult fromOrder(JsonNode order, Instant submitted) {
        String id = required(order, "id");
        String symbol = required(order, "symbol");
        BigDecimal filled = decimalOr(order, "filled_qty", BigDecimal.ZERO);
        String status = required(order, "status");
        OrderStatus unified = status(status);
        BigDecimal average = AlpacaJson.decimal(order, "filled_avg_price");
        ErrorDetail error = unified == OrderStatus.REJECTED ? new ErrorDetail(ErrorCode.INVALID_ORDER, false, status,
                "Alpaca " + status + " the order", new ErrorContext(accountId, id, AlpacaJson.text(order, "client_order_id"),
                canonical(order), null)) : null;
        BigDecimal requested = AlpacaJson.decimal(order, "qty");
        Instant updated = AlpacaJson.time(order, "updated_at");
        String reason = switch (status) {
            case "canceled", "expired", "done_for_day" -> status;
            // the runtime's one word for it: a caller tells a replaced order from a cancelled one by it
            case "replaced" -> OrderResult.REPLACED;
            default -> null;
        };
        return new OrderResult(accountId, AlpacaJson.text(order, "client_order_id"), id, null, canonical(order),
                "sell".equals(AlpacaJson.text(order, "side")) ? OrderSide.SELL : OrderSide.BUY, typeOf(order.path("type").asText("market")),
                unified, requested, filled, filled.signum() > 0 ? average : null, submitted, updated == null ? Instant.now() : updated,
                reason, error);
    }

    /** The canonical id of an order's symbol ({@code BTC/USD} and {@code BTCUSD} both {@code BTC_USD}). */
    static String canonical(JsonNode order) {
        String symbol = order.path("symbol").asText();
        return Symbols.canonical(symbol, "crypto".equals(order.path("asset_class").asText()) || Symbols.looksCrypto(symbol));
    }

    /** A trade update ({@code data} of a trade_updates message) as an order event; null for events that change nothing. */
    OrderEvent event(JsonNode data) {
        JsonNode order = data.path("order");
        String event = data.path("event").asText("");
        OrderEventKind kind = switch (event) {
            case "new", "accepted", "pending_new" -> OrderEventKind.ACCEPTED;
            case "partial_fill" -> OrderEventKind.PARTIALLY_FILLED;
            case "fill" -> OrderEventKind.FILLED;
            case "canceled", "done_for_day" -> OrderEventKind.CANCELLED;
            case "expired" -> OrderEventKind.EXPIRED;
            case "replaced" -> OrderEventKind.REPLACED;
            case "rejected", "suspended" -> OrderEventKind.REJECTED;
            default -> null;
        };
        if (kind == null || !order.isObject()) {
            // pending_cancel, pending_replace, calculated, order_*_rejected: the order stands as it was
            return null;
        }
        OrderResult result = fromOrder(order, AlpacaJson.time(order, "submitted_at"));
        Instant at = data.hasNonNull("timestamp") ? AlpacaJson.time(data, "timestamp") : result.updatedAt();
        boolean fill = kind == OrderEventKind.FILLED || kind == OrderEventKind.PARTIALLY_FILLED;
        BigDecimal fillUnits = fill ? AlpacaJson.decimal(data, "qty") : null;
        BigDecimal fillPrice = fill ? AlpacaJson.decimal(data, "price") : null;
        OrderStatus status = kind == OrderEventKind.EXPIRED ? OrderStatus.CANCELLED : result.status();
        OrderEvent unified = new OrderEvent(accountId, kind, result.clientOrderId(), result.brokerOrderId(), result.instrument(),
                result.side(), status, result.requestedUnits(), result.filledUnits(), fillUnits, fillPrice, result.averageFillPrice(),
                AlpacaJson.text(order, kind == OrderEventKind.REPLACED ? "replaced_by" : "replaces"), AlpacaJson.text(data, "execution_id"),
                result.reason(), at == null ? Instant.now() : at);
        return unified;
    }

    private String required(JsonNode node, String field) {
        String value = AlpacaJson.text(node, field);
        if (value == null) {
            throw StandardBrokerError.of(ErrorCode.BROKER_PROTOCOL_ERROR, null, "Alpaca's order has no " + field,
                    ErrorContext.account(accountId));
        }
        return value;
    }

    private static BigDecimal decimalOr(JsonNode node, String field, BigDecimal fallback) {
        BigDecimal value = AlpacaJson.decimal(node, field);
        return value == null ? fallback : value;
    }
}
