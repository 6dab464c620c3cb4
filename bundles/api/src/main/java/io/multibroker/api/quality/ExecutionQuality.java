package io.multibroker.api.quality;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The execution quality of every filled order: recorded when the fill is reported (off the order's path), its markouts
 * filled in as each horizon passes.
 */
@ProviderType
public interface ExecutionQuality {

    /** The fills the query selects, oldest first. */
    List<FillQuality> fills(QualityQuery query);

    /** The mean figures per account and instrument of the fills the query selects (its limit is ignored), by account. */
    List<QualitySummary> summary(QualityQuery query);
}
