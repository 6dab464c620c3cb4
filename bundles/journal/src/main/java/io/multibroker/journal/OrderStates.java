package io.multibroker.journal;

import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How an order's journalled state changes: the intent creates it, and each answer or event that says something new
 * appends one entry and gives the state after it. Answers and events can arrive in any order (a fill on the event
 * stream before the placement's answer, a stale lookup after a fill), so nothing goes backwards: a terminal order
 * stays terminal and filled units never shrink, except by a reconciliation, which is the broker's own record.
 */
final class OrderStates {

    /** The entry to append and the order's state after it. */
    record Change(JournalEntry entry, JournalOrder order) {
    }

    private OrderStates() {
    }

    static Change intent(String accountId, UnifiedOrder order, String routing, String replacesOrderId, Instant now) {
        JournalOrder state = new JournalOrder(accountId, order.clientOrderId(), null, order.instrument(), order.side(), order.type(),
                null, order.units(), BigDecimal.ZERO, null, order.price(), routing, replacesOrderId, null, false, false, null, now, now);
        String detail = "routing=" + routing + "; " + describe(order);
        return new Change(entry(state, JournalEntryKind.INTENT, null, null, replacesOrderId, null, null, detail, null, now), state);
    }

    /** The order as sent, field by field (the journal's record of it; the reference price is never sent and is left out). */
    static String describe(UnifiedOrder order) {
        StringBuilder text = new StringBuilder();
        // an order is sized by units or, at brokers that take it, by the amount of money to spend (then units is null)
        String size = order.units() != null ? order.units().toPlainString() : "notional=" + order.notional().toPlainString();
        text.append(order.type()).append(' ').append(order.side()).append(' ').append(size).append(' ')
                .append(order.instrument()).append(" tif=").append(order.timeInForce());
        append(text, "price", order.price());
        append(text, "stop", order.stopPrice());
        append(text, "sl", order.stopLoss());
        append(text, "tp", order.takeProfit());
        append(text, "trailing", order.trailingStopDistance());
        if (order.extendedHours()) {
            text.append(" extendedHours");
        }
        if (order.goodTillTime() != null) {
            text.append(" goodTill=").append(order.goodTillTime());
        }
        if (order.orderId() != null) {
            text.append(" orderId=").append(order.orderId());
        }
        if (!order.brokerSpecific().isEmpty()) {
            text.append(" brokerSpecific=").append(new TreeMap<>(order.brokerSpecific()));
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String name, BigDecimal value) {
        if (value != null) {
            text.append(' ').append(name).append('=').append(value.toPlainString());
        }
    }

    /** A request (cancel, replace) on the order: an entry, the state unchanged. */
    static Change request(JournalOrder current, JournalEntryKind kind, String detail, Instant now) {
        return new Change(entry(current, kind, null, null, null, null, null, detail, null, now), current);
    }

    /**
     * What an answer changes: empty when it says nothing new. {@code reconciled} marks a broker record read by a
     * reconciliation or by the check of an unknown outcome, which may correct anything.
     */
    static Optional<Change> answer(JournalOrder current, OrderResult result, boolean reconciled, String reason, Instant now) {
        if (!reconciled && !moves(current, result.status(), result.filledUnits())) {
            return Optional.empty();
        }
        if (reconciled && same(current, result)) {
            return Optional.empty();
        }
        OrderEventKind eventKind = OrderEvent.kindOf(result);
        JournalEntryKind kind = reconciled ? JournalEntryKind.RECONCILED : JournalEntryKind.of(eventKind);
        String why = reason != null ? reason : result.reason() != null ? result.reason()
                : result.error() != null ? result.error().code() + ": " + result.error().message() : null;
        JournalOrder next = withState(current, result.brokerOrderId(), result.status(), result.filledUnits(),
                result.averageFillPrice(), why, now);
        BigDecimal fill = next.filledUnits().subtract(current.filledUnits());
        return Optional.of(new Change(entry(next, kind, fill.signum() > 0 ? fill : null, fill.signum() > 0 ? result.averageFillPrice() : null,
                null, null, why, null, result.updatedAt(), now), next));
    }

    /** What an adapter's event changes: empty for a duplicate (a fill already counted, a status already reached). */
    static Optional<Change> event(JournalOrder current, OrderEvent event, Instant now) {
        boolean duplicate;
        if (event.kind() == OrderEventKind.FILLED || event.kind() == OrderEventKind.PARTIALLY_FILLED) {
            // a fill is news while it adds units, or while the order's state is not yet known from an answer
            duplicate = current.status() != null && current.status() != OrderStatus.UNKNOWN
                    && event.filledUnits().compareTo(current.filledUnits()) <= 0;
        } else if (event.kind() == OrderEventKind.REPLACED) {
            duplicate = current.replacedByOrderId() != null;
        } else {
            duplicate = !moves(current, event.status(), event.filledUnits());
        }
        if (duplicate) {
            return Optional.empty();
        }
        OrderStatus status = event.status() != null ? event.status() : current.status();
        BigDecimal filled = event.filledUnits().max(current.filledUnits());
        JournalOrder next = withState(current, event.brokerOrderId(), status, filled,
                event.averageFillPrice() != null ? event.averageFillPrice() : current.averageFillPrice(), event.reason(), now);
        if (event.kind() == OrderEventKind.REPLACED && event.relatedOrderId() != null) {
            next = withReplacedBy(next, event.relatedOrderId());
        }
        return Optional.of(new Change(entry(next, JournalEntryKind.of(event.kind()), event.fillUnits(), event.fillPrice(),
                event.relatedOrderId(), event.brokerEventId(), event.reason(), null, event.time(), now), next));
    }

    /** The order replaced: REPLACED, linked to the order replacing it. */
    static Change replaced(JournalOrder current, String replacingOrderId, Instant now) {
        JournalOrder next = withReplacedBy(withState(current, null, OrderStatus.CANCELLED, current.filledUnits(),
                current.averageFillPrice(), OrderResult.REPLACED, now), replacingOrderId);
        return new Change(entry(next, JournalEntryKind.REPLACED, null, null, replacingOrderId, null, OrderResult.REPLACED, null, null, now), next);
    }

    /** An order the broker has and the journal did not. */
    static Change adopted(OrderResult result, String routing, Instant now) {
        return seen(result, routing, true, now);
    }

    /**
     * An order the journal first meets in an answer: one the runtime placed without an intent of its own (a position
     * closed at market, whose orders the broker names) is not flagged; one placed elsewhere is adopted and flagged.
     */
    static Change seen(OrderResult result, String routing, boolean adopted, Instant now) {
        String clientOrderId = result.clientOrderId() != null ? result.clientOrderId() : "broker:" + result.brokerOrderId();
        JournalOrder state = new JournalOrder(result.accountId(), clientOrderId, result.brokerOrderId(), result.instrument(),
                result.side(), result.type(), result.status(), result.requestedUnits(), result.filledUnits(),
                result.averageFillPrice(), null, routing, null, null, adopted, false,
                adopted ? "adopted: the broker has it and the journal did not" : result.reason() != null ? result.reason()
                        : result.error() != null ? result.error().code() + ": " + result.error().message() : null, now, now);
        JournalEntryKind kind = adopted ? JournalEntryKind.ADOPTED : JournalEntryKind.of(OrderEvent.kindOf(result));
        return new Change(entry(state, kind, kind == JournalEntryKind.FILLED ? result.filledUnits() : null,
                kind == JournalEntryKind.FILLED ? result.averageFillPrice() : null, null, null, state.reason(), null, result.updatedAt(),
                now), state);
    }

    /** An unknown outcome that outlived the horizon: flagged for the operator. */
    static Change unresolved(JournalOrder current, String reason, Instant now) {
        JournalOrder next = new JournalOrder(current.accountId(), current.clientOrderId(), current.brokerOrderId(), current.instrument(),
                current.side(), current.type(), OrderStatus.UNKNOWN, current.requestedUnits(), current.filledUnits(),
                current.averageFillPrice(), current.price(), current.routing(), current.replacesOrderId(), current.replacedByOrderId(),
                current.adopted(), true, reason, current.createdAt(), now);
        return new Change(entry(next, JournalEntryKind.UNRESOLVED, null, null, null, null, reason, null, null, now), next);
    }

    /** Whether a status and filled quantity are news for the order: never back from a terminal status, never fewer filled units. */
    private static boolean moves(JournalOrder current, OrderStatus status, BigDecimal filledUnits) {
        if (status == null) {
            return false;
        }
        OrderStatus was = current.status();
        if (was == null || was == OrderStatus.UNKNOWN) {
            return status != OrderStatus.UNKNOWN || was == null;
        }
        if (was.terminal()) {
            return false;
        }
        if (filledUnits != null && filledUnits.compareTo(current.filledUnits()) < 0) {
            return false;
        }
        return status != was || (filledUnits != null && filledUnits.compareTo(current.filledUnits()) > 0);
    }

    private static boolean same(JournalOrder current, OrderResult result) {
        return current.status() == result.status() && current.filledUnits().compareTo(result.filledUnits()) == 0
                && (result.brokerOrderId() == null || result.brokerOrderId().equals(current.brokerOrderId()));
    }

    private static JournalOrder withState(JournalOrder current, String brokerOrderId, OrderStatus status, BigDecimal filled,
            BigDecimal averagePrice, String reason, Instant now) {
        return new JournalOrder(current.accountId(), current.clientOrderId(),
                brokerOrderId != null ? brokerOrderId : current.brokerOrderId(), current.instrument(), current.side(), current.type(),
                status, current.requestedUnits(), filled == null ? current.filledUnits() : filled,
                averagePrice != null ? averagePrice : current.averageFillPrice(), current.price(), current.routing(),
                current.replacesOrderId(), current.replacedByOrderId(), current.adopted(),
                current.unresolved() && status == OrderStatus.UNKNOWN, reason != null ? reason : current.reason(),
                current.createdAt(), now);
    }

    private static JournalOrder withReplacedBy(JournalOrder current, String replacedBy) {
        return new JournalOrder(current.accountId(), current.clientOrderId(), current.brokerOrderId(), current.instrument(),
                current.side(), current.type(), current.status(), current.requestedUnits(), current.filledUnits(),
                current.averageFillPrice(), current.price(), current.routing(), current.replacesOrderId(), replacedBy,
                current.adopted(), current.unresolved(), current.reason(), current.createdAt(), current.updatedAt());
    }

    private static JournalEntry entry(JournalOrder order, JournalEntryKind kind, BigDecimal fillUnits, BigDecimal fillPrice,
            String related, String brokerEventId, String reason, String detail, Instant brokerTime, Instant now) {
        return new JournalEntry(0, order.accountId(), order.clientOrderId(), order.brokerOrderId(), kind, order.status(), fillUnits,
                fillPrice, order.filledUnits(), order.averageFillPrice(), related, brokerEventId, reason, detail, brokerTime, now);
    }
}
