package io.multibroker.http;

import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingStrategy;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the API shows it: the answer to a placement, or the journal's record of it.
 *
 * @param clientOrderId the client order id: the key to find it and to retry its placement safely
 * @param accountId the account that took it, or null when no account could
 * @param brokerOrderId the broker's id, once known
 * @param instrument the instrument
 * @param side buy or sell
 * @param type the order type
 * @param status where it stands
 * @param requestedUnits the quantity asked for
 * @param filledUnits the quantity filled so far
 * @param averageFillPrice the average fill price, or null
 * @param price the limit, stop or trigger price, or null
 * @param reason the broker's or the runtime's latest reason, or null
 * @param error why it was rejected or its outcome is unknown, or null
 * @param routing how it was routed, as the journal records it, or null
 * @param strategy the strategy that chose the account (on a fresh placement), or null
 * @param experiment the experiment, or null
 * @param arm the experiment's arm, or null
 * @param override true when the experiment's assigned arm could not take it and another arm did
 * @param replacesOrderId the broker id of the order it replaced, or null
 * @param replacedByOrderId the broker id of the order that replaced it, or null
 * @param unresolved true when its unknown outcome outlived the journal's background check: an operator must decide
 * @param createdAt when it was sent or first recorded
 * @param updatedAt when it last changed
 */
@Doc("An order: the answer to a placement, or the journal's record of it")
public record OrderView(String clientOrderId, String accountId, String brokerOrderId, String instrument, OrderSide side,
        OrderType type, State status, BigDecimal requestedUnits, BigDecimal filledUnits, BigDecimal averageFillPrice,
        BigDecimal price, String reason, ErrorDetail error, String routing, RoutingStrategy strategy, String experiment, String arm,
        Boolean override, String replacesOrderId, String replacedByOrderId, Boolean unresolved, Instant createdAt, Instant updatedAt) {

    /** Where an order stands: the broker's statuses, and SENT for an order whose intent is journalled and no answer yet. */
    public enum State { SENT, ACCEPTED, PARTIALLY_FILLED, FILLED, CANCELLED, REJECTED, UNKNOWN }

    static OrderView of(RoutedOrderResult routed) {
        return of(routed, null);
    }

    /**
     * A placement's answer, with the price it was sent with (the broker's answer does not repeat it; the journal, which
     * a later GET reads, has it) and not unresolved (an answer is never past the background check's horizon).
     */
    static OrderView of(RoutedOrderResult routed, BigDecimal price) {
        OrderResult r = routed.result();
        return new OrderView(r.clientOrderId(), routed.accountId(), r.brokerOrderId(), r.instrument(), r.side(), r.type(),
                State.valueOf(r.status().name()), r.requestedUnits(), r.filledUnits(), r.averageFillPrice(), price, r.reason(), r.error(),
                null, routed.strategy(), routed.experiment(), routed.arm(), routed.override(), null, null, false, r.submittedAt(),
                r.updatedAt());
    }

    /** A replace's answer: the new order, naming the one it replaces and the price it was sent with, as the journal has them. */
    static OrderView replacing(OrderResult r, String replacedOrderId, BigDecimal price) {
        return new OrderView(r.clientOrderId(), r.accountId(), r.brokerOrderId(), r.instrument(), r.side(), r.type(),
                State.valueOf(r.status().name()), r.requestedUnits(), r.filledUnits(), r.averageFillPrice(), price, r.reason(), r.error(),
                null, null, null, null, null, replacedOrderId, null, false, r.submittedAt(), r.updatedAt());
    }

    static OrderView of(OrderResult r) {
        return new OrderView(r.clientOrderId(), r.accountId(), r.brokerOrderId(), r.instrument(), r.side(), r.type(),
                State.valueOf(r.status().name()), r.requestedUnits(), r.filledUnits(), r.averageFillPrice(), null, r.reason(), r.error(),
                null, null, null, null, null, null, null, null, r.submittedAt(), r.updatedAt());
    }

    static OrderView of(JournalOrder o) {
        return new OrderView(o.clientOrderId(), o.accountId(), o.brokerOrderId(), o.instrument(), o.side(), o.type(),
                o.status() == null ? State.SENT : State.valueOf(o.status().name()), o.requestedUnits(), o.filledUnits(),
                o.averageFillPrice(), o.price(), o.reason(), null, o.routing(), null, null, null, null, o.replacesOrderId(),
                o.replacedByOrderId(), o.unresolved(), o.createdAt(), o.updatedAt());
    }
}
