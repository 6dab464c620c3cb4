package io.multibroker.api.model;

import io.multibroker.api.error.ErrorDetail;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * What became of an order.
 *
 * <p>{@code placeOrder} reports a refusal as a {@link OrderStatus#REJECTED} result with its
 * {@link #error()}, and an ambiguous submission as {@link OrderStatus#UNKNOWN} with an
 * {@code UNKNOWN_OUTCOME} error: an order outcome is always a value, never only an exception.
 *
 * @param accountId the account that handled the order
 * @param clientOrderId the client order id that was sent
 * @param brokerOrderId the broker's id for the order, or null if it never got one
 * @param brokerTradeId the broker's id for the trade or fill, or null
 * @param instrument the symbol
 * @param side buy or sell
 * @param type the order type
 * @param status where the order stands
 * @param requestedUnits the quantity asked for
 * @param filledUnits the quantity filled so far (zero when nothing was filled)
 * @param averageFillPrice the average fill price, or null when nothing was filled
 * @param submittedAt when the runtime sent the order
 * @param updatedAt when this status was reached at the broker
 * @param reason the broker's reason for a cancel, or null
 * @param error why the order was rejected or its outcome is unknown; null otherwise
 */
public record OrderResult(String accountId, String clientOrderId, String brokerOrderId, String brokerTradeId,
        String instrument, OrderSide side, OrderType type, OrderStatus status, BigDecimal requestedUnits,
        BigDecimal filledUnits, BigDecimal averageFillPrice, Instant submittedAt, Instant updatedAt, String reason,
        ErrorDetail error) {

    /**
     * The {@link #reason()} of an order that was replaced: brokers replace by cancel-and-replace, so the order replaced is
     * CANCELLED with this reason, whatever words the broker uses for it.
     *
     * @since model 1.3
     */
    public static final String REPLACED = "REPLACED";

    public OrderResult {
        Objects.requireNonNull(status, "status");
        filledUnits = filledUnits == null ? BigDecimal.ZERO : filledUnits;
        if ((status == OrderStatus.REJECTED || status == OrderStatus.UNKNOWN) && error == null) {
            throw new IllegalArgumentException(status + " result needs an error");
        }
        if (status == OrderStatus.FILLED && averageFillPrice == null) {
            throw new IllegalArgumentException("FILLED result needs a fill price");
        }
    }

    /** A refusal of the given order with the given error: nothing was executed. */
    public static OrderResult rejected(String accountId, UnifiedOrder order, ErrorDetail error, Instant at) {
        return new OrderResult(accountId, order.clientOrderId(), null, null, order.instrument(), order.side(),
                order.type(), OrderStatus.REJECTED, order.units(), BigDecimal.ZERO, null, at, at, null, error);
    }

    /** An order whose fate is not known: it must be reconciled by client order id. */
    public static OrderResult unknown(String accountId, UnifiedOrder order, ErrorDetail error, Instant at) {
        return new OrderResult(accountId, order.clientOrderId(), null, null, order.instrument(), order.side(),
                order.type(), OrderStatus.UNKNOWN, order.units(), BigDecimal.ZERO, null, at, at, null, error);
    }

    /**
     * Whether this order ended because another replaced it: CANCELLED with the reason {@link #REPLACED}. A cancel that
     * answers so did not cancel anything: the order that replaced it may still be working.
     *
     * @since model 1.3
     */
    public boolean replaced() {
        return status == OrderStatus.CANCELLED && REPLACED.equals(reason);
    }

    /** The fraction of the requested quantity that was filled, from 0 to 1. */
    public BigDecimal fillRatio() {
        if (requestedUnits == null || requestedUnits.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return filledUnits.divide(requestedUnits, 6, RoundingMode.HALF_EVEN);
    }

    public OrderResult withStatus(OrderStatus newStatus, String newReason, Instant at) {
        return new OrderResult(accountId, clientOrderId, brokerOrderId, brokerTradeId, instrument, side, type, newStatus,
                requestedUnits, filledUnits, averageFillPrice, submittedAt, at, newReason, error);
    }
}
