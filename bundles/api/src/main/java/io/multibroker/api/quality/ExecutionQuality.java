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

    /** The mean figures per account and instrument of the fills the query selects (its limit is ignored), by account. */
    List<QualitySummary> summary(QualityQuery query);
}
