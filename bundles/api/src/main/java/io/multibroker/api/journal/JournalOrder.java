package io.multibroker.api.journal;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the journal knows it now: the latest of its entries folded together.
 *
 * @param accountId the account
 * @param clientOrderId the client order id
 * @param brokerOrderId the broker's id, once known
 * @param instrument the symbol
 * @param side buy or sell
 * @param type the order type
 * @param status where it stands; null while only its intent is written (no answer yet: sent, or about to be)
 * @param requestedUnits the quantity asked for
 * @param filledUnits the quantity filled so far
 * @param averageFillPrice the average fill price, or null
 * @param price the limit, stop or trigger price, or null
 * @param routing how it was routed ({@code direct}, {@code explicit}, an experiment and arm, {@code adopted})
 * @param replacesOrderId the broker id of the order this one replaced, or null
 * @param replacedByOrderId the broker id of the order that replaced this one, or null
 * @param adopted true when the broker had it and the journal did not (found by a reconciliation)
 * @param unresolved true when its unknown outcome outlived the background check's horizon
 * @param reason the latest reason, or null
 * @param createdAt when the journal first recorded it
 * @param updatedAt when the journal last recorded a change
 */
public record JournalOrder(String accountId, String clientOrderId, String brokerOrderId, String instrument, OrderSide side,
        OrderType type, OrderStatus status, BigDecimal requestedUnits, BigDecimal filledUnits, BigDecimal averageFillPrice,
        BigDecimal price, String routing, String replacesOrderId, String replacedByOrderId, boolean adopted, boolean unresolved,
        String reason, Instant createdAt, Instant updatedAt) {

    /** Resting at the broker, or not yet answered: what reconciliation looks at. */
    public boolean open() {
        return status == null || status == OrderStatus.ACCEPTED || status == OrderStatus.PARTIALLY_FILLED
                || status == OrderStatus.UNKNOWN;
    }
}
