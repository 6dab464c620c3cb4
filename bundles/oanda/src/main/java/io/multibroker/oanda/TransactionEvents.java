package io.multibroker.oanda;

import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OANDA's transactions as order events: a pending order's create transaction is ACCEPTED, an ORDER_FILL is FILLED (OANDA
 * fills an order whole), an ORDER_CANCEL is CANCELLED, EXPIRED (its time in force ran out) or REPLACED (with the id of
 * the order replacing it), an order's reject transaction is REJECTED. Market orders are told by their fill alone.
 * A cancel names only the order: its instrument, side and client order id are remembered from the order's create.
 */
final class TransactionEvents {

    static final Set<OrderEventKind> KINDS = Set.of(OrderEventKind.ACCEPTED, OrderEventKind.FILLED, OrderEventKind.CANCELLED,
            OrderEventKind.EXPIRED, OrderEventKind.REPLACED, OrderEventKind.REJECTED);
    private static final Set<String> PENDING_CREATES = Set.of("LIMIT_ORDER", "STOP_ORDER", "MARKET_IF_TOUCHED_ORDER");
    private static final Set<String> ORDER_REJECTS = Set.of("MARKET_ORDER_REJECT", "LIMIT_ORDER_REJECT", "STOP_ORDER_REJECT",
            "MARKET_IF_TOUCHED_ORDER_REJECT");
    /** Orders remembered for their cancels: enough for the orders resting at once. */
    private static final int REMEMBERED = 10_000;

    private record Known(String clientOrderId, String instrument, OrderSide side, BigDecimal units) {
    }

    private final String accountId;
    private final Map<String, Known> orders = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > REMEMBERED;
        }
    };

    TransactionEvents(String accountId) {
        this.accountId = accountId;
    }

    /** The event a transaction stands for, if it stands for one; the transaction stream's one thread calls this. */
    Optional<OrderEvent> of(TransactionFields transaction) {
        String type = transaction.type() == null ? "" : transaction.type();
        String id = transaction.id();
        Instant time = time(transaction.time());
        if (PENDING_CREATES.contains(type) || type.equals("MARKET_ORDER")) {
            BigDecimal signed = decimal(transaction.units());
            Known known = new Known(transaction.clientExtensionsId(), transaction.instrument(),
                    signed == null || signed.signum() >= 0 ? OrderSide.BUY : OrderSide.SELL, signed == null ? null : signed.abs());
            orders.put(id, known);
            if (!PENDING_CREATES.contains(type)) {
                return Optional.empty();
            }
            return Optional.of(event(OrderEventKind.ACCEPTED, id, known, OrderStatus.ACCEPTED, BigDecimal.ZERO, null, null,
                    transaction.replacesOrderId(), id, null, time));
        }
        if (type.equals("ORDER_FILL")) {
            String orderId = transaction.orderId();
            BigDecimal units = decimal(transaction.units());
            BigDecimal price = decimal(transaction.price());
            Known known = orders.getOrDefault(orderId, new Known(transaction.clientOrderId(), transaction.instrument(),
                    units != null && units.signum() < 0 ? OrderSide.SELL : OrderSide.BUY, units == null ? null : units.abs()));
            BigDecimal filled = units == null ? null : units.abs();
            if (units == null || price == null) {
                return Optional.empty();
            }
            return Optional.of(event(OrderEventKind.FILLED, orderId, known, OrderStatus.FILLED, filled, filled, price, null, id,
                    transaction.reason(), time));
        }
        if (type.equals("ORDER_CANCEL")) {
            String orderId = transaction.orderId();
            String reason = transaction.reason();
            Known known = orders.getOrDefault(orderId, new Known(transaction.clientOrderId(), null, null, null));
            OrderEventKind kind = "TIME_IN_FORCE_EXPIRED".equals(reason) ? OrderEventKind.EXPIRED
                    : transaction.replacedByOrderId() != null ? OrderEventKind.REPLACED : OrderEventKind.CANCELLED;
            // a replaced order's reason in the runtime's one word, as its look-up answers it (OANDA: CLIENT_REQUEST_REPLACED)
            return Optional.of(event(kind, orderId, known, OrderStatus.CANCELLED, BigDecimal.ZERO, null, null,
                    transaction.replacedByOrderId(), id, kind == OrderEventKind.REPLACED ? OrderResult.REPLACED : reason, time));
        }
        if (ORDER_REJECTS.contains(type)) {
            BigDecimal units = decimal(transaction.units());
            Known known = new Known(transaction.clientExtensionsId(), transaction.instrument(), null, units == null ? null : units.abs());
            return Optional.of(event(OrderEventKind.REJECTED, null, known, OrderStatus.REJECTED, BigDecimal.ZERO, null, null, null, id,
                    transaction.rejectReason(), time));
        }
        return Optional.empty();
    }

    private OrderEvent event(OrderEventKind kind, String orderId, Known known, OrderStatus status, BigDecimal filled,
            BigDecimal fillUnits, BigDecimal fillPrice, String related, String transactionId, String reason, Instant time) {
        return new OrderEvent(accountId, kind, known.clientOrderId(), orderId, known.instrument(), known.side(), status, known.units(),
                filled, fillUnits, fillPrice, fillPrice, related, transactionId, reason, time == null ? Instant.now() : time);
    }

    /** OANDA's RFC3339 time, or null when it is missing or malformed (the event then carries the time it was read). */
    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        Instant fast = PriceMessages.rfc3339Utc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal decimal(String text) {
        return text == null || text.isBlank() ? null : new BigDecimal(text);
    }
}
