package io.multibroker.api.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One change of one order, as its broker reported it (LEAN's OrderEvent, Nautilus' order events).
 *
 * @param accountId the account the order belongs to
 * @param kind what happened
 * @param clientOrderId the client order id, or null when the broker does not know one (an order placed elsewhere)
 * @param brokerOrderId the broker's id of the order, or null (a GAP event, an order that never got one)
 * @param instrument the symbol, or null for a GAP event
 * @param side buy or sell, or null for a GAP event
 * @param status where the order stands after this event, or null for a GAP event
 * @param requestedUnits the order's quantity, or null
 * @param filledUnits the quantity filled so far, including this event's fill (zero when nothing was filled)
 * @param fillUnits this event's fill, or null when the event is not a fill
 * @param fillPrice this event's fill price, or null when the event is not a fill
 * @param averageFillPrice the average price of everything filled so far, or null
 * @param relatedOrderId for REPLACED the broker id of the order that replaces this one (for the new order's
 *        ACCEPTED, the one it replaces); null otherwise
 * @param brokerEventId the broker's id of the event (OANDA's transaction id), or null
 * @param reason the broker's reason (for a cancel, a reject, an expiry, a reconciliation), or null
 * @param time when it happened at the broker
 */
public record OrderEvent(String accountId, OrderEventKind kind, String clientOrderId, String brokerOrderId,
        String instrument, OrderSide side, OrderStatus status, BigDecimal requestedUnits, BigDecimal filledUnits,
        BigDecimal fillUnits, BigDecimal fillPrice, BigDecimal averageFillPrice, String relatedOrderId,
        String brokerEventId, String reason, Instant time) {

    public OrderEvent {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        filledUnits = filledUnits == null ? BigDecimal.ZERO : filledUnits;
        if ((kind == OrderEventKind.FILLED || kind == OrderEventKind.PARTIALLY_FILLED) && (fillUnits == null || fillPrice == null)) {
            throw new IllegalArgumentException(kind + " event needs the fill's units and price");
        }
    }

    /** The marker that events of an account may have been missed before the next one. */
    public static OrderEvent gap(String accountId, String reason, Instant time) {
        return new OrderEvent(accountId, OrderEventKind.GAP, null, null, null, null, null, null, null, null, null, null,
                null, null, reason, time);
    }

    /** An event that says an order stands as the result does (no single fill: fill units and price are null). */
    public static OrderEvent of(OrderEventKind kind, OrderResult result, String reason, Instant time) {
        BigDecimal fillUnits = null;
        BigDecimal fillPrice = null;
        if (kind == OrderEventKind.FILLED || kind == OrderEventKind.PARTIALLY_FILLED) {
            fillUnits = result.filledUnits();
            fillPrice = result.averageFillPrice();
        }
        return new OrderEvent(result.accountId(), kind, result.clientOrderId(), result.brokerOrderId(), result.instrument(),
                result.side(), result.status(), result.requestedUnits(), result.filledUnits(), fillUnits, fillPrice,
                result.averageFillPrice(), null, null, reason, time);
    }

    /** The kind of event that brings an order to the result's status (ACCEPTED, FILLED, ...). */
    public static OrderEventKind kindOf(OrderResult result) {
        return switch (result.status()) {
            case ACCEPTED -> OrderEventKind.ACCEPTED;
            case PARTIALLY_FILLED -> OrderEventKind.PARTIALLY_FILLED;
            case FILLED -> OrderEventKind.FILLED;
            case CANCELLED -> OrderEventKind.CANCELLED;
            case REJECTED -> OrderEventKind.REJECTED;
            case UNKNOWN -> OrderEventKind.UNKNOWN;
        };
    }

    public OrderEvent withRelatedOrderId(String related) {
        return new OrderEvent(accountId, kind, clientOrderId, brokerOrderId, instrument, side, status, requestedUnits,
                filledUnits, fillUnits, fillPrice, averageFillPrice, related, brokerEventId, reason, time);
    }

    public OrderEvent withBrokerEventId(String eventId) {
        return new OrderEvent(accountId, kind, clientOrderId, brokerOrderId, instrument, side, status, requestedUnits,
                filledUnits, fillUnits, fillPrice, averageFillPrice, relatedOrderId, eventId, reason, time);
    }

    public OrderEvent withKind(OrderEventKind newKind, String newReason) {
        return new OrderEvent(accountId, newKind, clientOrderId, brokerOrderId, instrument, side, status, requestedUnits,
                filledUnits, fillUnits, fillPrice, averageFillPrice, relatedOrderId, brokerEventId, newReason, time);
    }
}
