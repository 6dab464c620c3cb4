package io.multibroker.quality;

import io.multibroker.api.model.OrderType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** When an order was submitted and how it was routed: the journal's intent of it. */
@FunctionalInterface
interface Submissions {

    /**
     * @param routing as journalled ({@code experiment demo arm paper-fast}), or null
     * @param type the order type, or null when not known
     * @param orderedUnits the units ordered, or null when not known
     * @param limitPrice the limit (or stop) price, or null
     */
    record Submission(Instant submittedAt, String routing, OrderType type, BigDecimal orderedUnits, BigDecimal limitPrice) {

        /** A submission whose order type and quantity are not known: it counts for the fill figures only. */
        Submission(Instant submittedAt, String routing) {
            this(submittedAt, routing, null, null, null);
        }
    }

    Optional<Submission> find(String accountId, String clientOrderId);
}
