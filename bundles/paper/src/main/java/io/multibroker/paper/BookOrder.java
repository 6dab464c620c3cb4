package io.multibroker.paper;

import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.time.Instant;

/** The state of one order at the simulated broker; changed only under the {@link PaperExchange}'s lock. */
final class BookOrder {
    final String id;
    final UnifiedOrder request;
    final Instant submittedAt;
    OrderStatus status;
    BigDecimal filledUnits = BigDecimal.ZERO;
    BigDecimal fillPrice;
    String tradeId;
    String reason;
    ErrorDetail error;
    Instant updatedAt;

    BookOrder(String id, UnifiedOrder request, Instant submittedAt) {
        this.id = id;
        this.request = request;
        this.submittedAt = submittedAt;
        this.updatedAt = submittedAt;
    }

    /** Whether the order still rests at the broker: accepted, or filled in part. */
    boolean working() {
        return status == OrderStatus.ACCEPTED || status == OrderStatus.PARTIALLY_FILLED;
    }

    /** The units not filled yet. */
    BigDecimal remainingUnits() {
        return request.units().subtract(filledUnits);
    }

    OrderResult result(String accountId) {
        return new OrderResult(accountId, request.clientOrderId(), id, tradeId, request.instrument(), request.side(),
                request.type(), status, request.units(), filledUnits, fillPrice, submittedAt, updatedAt, reason, error);
    }
}
