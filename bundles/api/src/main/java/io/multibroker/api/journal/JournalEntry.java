package io.multibroker.api.journal;

import io.multibroker.api.model.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One line of an order's history in the journal.
 *
 * @param sequence the journal's id of the entry: entries of one order are in this order
 * @param accountId the account
 * @param clientOrderId the order's client order id (for an order the journal adopted without one, {@code broker:<id>})
 * @param brokerOrderId the broker's id of the order, once known
 * @param kind what the entry records
 * @param status where the order stood after it, or null for a request
 * @param fillUnits the units of this fill, or null
 * @param fillPrice the price of this fill, or null
 * @param filledUnits the units filled so far
 * @param averageFillPrice the average fill price so far, or null
 * @param relatedOrderId the order this one replaced or was replaced by, or null
 * @param brokerEventId the broker's id of the event (a transaction id), or null
 * @param reason the broker's or the runtime's reason, or null
 * @param detail for an intent the order as sent and its routing; for a reconciliation what was compared
 * @param brokerTime when it happened at the broker, or null
 * @param recordedAt when the journal recorded it
 */
public record JournalEntry(long sequence, String accountId, String clientOrderId, String brokerOrderId, JournalEntryKind kind,
        OrderStatus status, BigDecimal fillUnits, BigDecimal fillPrice, BigDecimal filledUnits, BigDecimal averageFillPrice,
        String relatedOrderId, String brokerEventId, String reason, String detail, Instant brokerTime, Instant recordedAt) {
}
