package io.multibroker.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * One order on its way to the runtime that drives its account: the body of the owner's {@code POST /orders} (routed
 * explicitly to the account, with the same client order id, so that the owner places it at most once however often it is
 * sent), and what the owner's answer means for the order.
 */
final class ForwardedOrder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountId;
    private final UnifiedOrder order;
    private final String owner;
    private final Instant sentAt;

    ForwardedOrder(String accountId, UnifiedOrder order, String owner, Instant sentAt) {
        this.accountId = accountId;
        this.order = order;
        this.owner = owner;
        this.sentAt = sentAt;
    }

    /** The owner's API takes no broker-specific fields: such an order is not forwarded rather than sent without them. */
    boolean forwardable() {
        return order.brokerSpecific().isEmpty();
    }

    /** The request body; every amount as a decimal string, so that nothing is rounded on the way. */
    String body() {
        ObjectNode body = JSON.createObjectNode();
        body.put("clientOrderId", order.clientOrderId());
        body.putObject("routing").put("strategy", "EXPLICIT").put("account", accountId);
        body.put("instrument", order.instrument());
        body.put("side", order.side().name());
        decimal(body, "units", order.units());
        decimal(body, "notional", order.notional());
        body.put("type", order.type().name());
        body.put("timeInForce", order.timeInForce().name());
        decimal(body, "price", order.price());
        decimal(body, "stopPrice", order.stopPrice());
        decimal(body, "stopLoss", order.stopLoss());
        decimal(body, "takeProfit", order.takeProfit());
        decimal(body, "trailingStopDistance", order.trailingStopDistance());
        if (order.goodTillTime() != null) {
            body.put("goodTillTime", order.goodTillTime().toString());
        }
        decimal(body, "referencePrice", order.referencePrice());
        body.put("extendedHours", order.extendedHours());
        return body.toString();
    }

    private static void decimal(ObjectNode body, String field, BigDecimal value) {
        if (value != null) {
            body.put(field, value.toPlainString());
        }
    }

    /**
     * The order as the owner answered: its order on a 2xx; REJECTED when it refused the request (4xx other than 408:
     * nothing was placed for it); UNKNOWN otherwise (a 5xx or 408 says nothing certain about the order).
     */
    OrderResult answer(int status, String body) {
        if (status / 100 == 2) {
            try {
                return placed(JSON.readTree(body));
            } catch (IOException | RuntimeException e) {
                return unknown("runtime " + owner + " answered " + status + " with a body that is not an order (" + e.getMessage() + ")");
            }
        }
        String detail = problemDetail(body);
        if (status / 100 == 4 && status != 408) {
            return OrderResult.rejected(accountId, order, error(refusalCode(status, body), "runtime " + owner + ", which drives account "
                    + accountId + ", refused the forwarded order (HTTP " + status + "): " + detail + ". Nothing was placed"), sentAt);
        }
        return unknown("runtime " + owner + ", which drives account " + accountId + ", answered HTTP " + status + " (" + detail + ")");
    }

    /** The owner could not be connected to: the request never left. */
    OrderResult notConnected(String why) {
        return OrderResult.rejected(accountId, order, error(ErrorCode.BROKER_UNAVAILABLE, "runtime " + owner + ", which drives account "
                + accountId + ", could not be reached (" + why + "): the order was not forwarded. Nothing was sent"), sentAt);
    }

    /** Not forwarded, for a reason of this runtime's own. */
    OrderResult notForwarded(ErrorCode code, String why) {
        return OrderResult.rejected(accountId, order, error(code, "order not forwarded to runtime " + owner + ", which drives account "
                + accountId + ": " + why + ". Nothing was sent"), sentAt);
    }

    /** The request may have reached the owner and its answer was lost: the order may be placed there. */
    OrderResult unknown(String what) {
        return OrderResult.unknown(accountId, order, error(ErrorCode.UNKNOWN_OUTCOME, what + ": order " + order.clientOrderId()
                + " may be placed there. Send it again with the same client order id to learn how it stands (the owner places "
                + "a client order id at most once), never as a new order; the owner's journal settles it"), sentAt);
    }

    private ErrorDetail error(ErrorCode code, String message) {
        return ErrorDetail.of(code, message).withContext(new ErrorContext(accountId, order.orderId(), order.clientOrderId(),
                order.instrument(), null));
    }

    private OrderResult placed(JsonNode view) {
        String state = view.path("status").asText();
        if (state.equals("SENT")) {
            // the owner has it journalled and in flight, no answer yet
            return unknown("runtime " + owner + " has the order in flight and no answer from its broker yet");
        }
        OrderStatus status = OrderStatus.valueOf(state);
        ErrorDetail error = errorOf(view.path("error"));
        if ((status == OrderStatus.REJECTED || status == OrderStatus.UNKNOWN) && error == null) {
            error = ErrorDetail.of(status == OrderStatus.UNKNOWN ? ErrorCode.UNKNOWN_OUTCOME : ErrorCode.UNKNOWN_ERROR,
                    "runtime " + owner + " answered " + status + " without saying why");
        }
        return new OrderResult(text(view, "accountId", accountId), text(view, "clientOrderId", order.clientOrderId()),
                text(view, "brokerOrderId", null), null, text(view, "instrument", order.instrument()),
                view.hasNonNull("side") ? OrderSide.valueOf(view.get("side").asText()) : order.side(),
                view.hasNonNull("type") ? OrderType.valueOf(view.get("type").asText()) : order.type(), status,
                decimal(view, "requestedUnits", order.units()), decimal(view, "filledUnits", BigDecimal.ZERO),
                decimal(view, "averageFillPrice", null), instant(view, "createdAt", sentAt), instant(view, "updatedAt", Instant.now()),
                text(view, "reason", null), error);
    }

    private ErrorDetail errorOf(JsonNode error) {
        if (!error.isObject()) {
            return null;
        }
        ErrorCode code = code(error.path("code").asText(null), ErrorCode.UNKNOWN_ERROR);
        return new ErrorDetail(code, error.path("retryable").asBoolean(code.retryable()), text(error, "brokerCode", null),
                text(error, "message", code.name()), new ErrorContext(accountId, order.orderId(), order.clientOrderId(),
                order.instrument(), null));
    }

    private static ErrorCode refusalCode(int status, String body) {
        ErrorCode given = code(problem(body).path("code").asText(null), null);
        if (given != null) {
            return given;
        }
        return switch (status) {
            case 401, 403 -> ErrorCode.AUTHENTICATION_FAILED;
            case 404 -> ErrorCode.ACCOUNT_NOT_FOUND;
            case 409 -> ErrorCode.DUPLICATE_CLIENT_ORDER_ID;
            default -> ErrorCode.INVALID_ORDER;
        };
    }

    private static ErrorCode code(String name, ErrorCode otherwise) {
        if (name == null) {
            return otherwise;
        }
        try {
            return ErrorCode.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return otherwise;
        }
    }

    private static String problemDetail(String body) {
        JsonNode problem = problem(body);
        String detail = problem.path("detail").asText("");
        if (!detail.isEmpty()) {
            return detail;
        }
        String title = problem.path("title").asText("");
        return title.isEmpty() ? "no detail" : title;
    }

    private static JsonNode problem(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? otherwise : value.asText();
    }

    private static BigDecimal decimal(JsonNode node, String field, BigDecimal otherwise) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? otherwise : new BigDecimal(value.asText());
    }

    private static Instant instant(JsonNode node, String field, Instant otherwise) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? otherwise : Instant.parse(value.asText());
    }
}
