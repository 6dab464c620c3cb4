package io.multibroker.api.quality;

import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The execution quality of every filled order: recorded when the fill is reported (off the order's path), its markouts
 * filled in as each horizon passes.
 */
@ProviderType
public interface ExecutionQuality {

    /** The fills the query selects, oldest first. */
    List<FillQuality> fills(QualityQuery query);

    /**
     * Hands the fills the query selects to the consumer one at a time, oldest first, without holding them all: what a
     * report over a large experiment reads. The default reads {@link #fills} (its limit applies).
     */
    default void forEachFill(QualityQuery query, Consumer<FillQuality> consumer) {
        fills(query).forEach(consumer);
    }

    /** The limit orders that ended, filled or not, oldest first (since 1.1). */
    default List<LimitOrderQuality> limitOrders(QualityQuery query) {
        return List.of();
    }

    /** Hands the limit orders that ended to the consumer one at a time, oldest first (since 1.1). */
    default void forEachLimitOrder(QualityQuery query, Consumer<LimitOrderQuality> consumer) {
        limitOrders(query).forEach(consumer);
    }

    /**
     * The mean figures per account and instrument of the fills the query selects (its limit is ignored), by account; with the
     * limit orders' beside them (since 1.1: an account and instrument with limit orders but no fill has a row of 0 fills).
     */
    List<QualitySummary> summary(QualityQuery query);
}
