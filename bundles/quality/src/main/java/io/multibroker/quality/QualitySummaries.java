package io.multibroker.quality;

import io.multibroker.api.quality.QualitySummary;
import io.multibroker.api.quality.QualitySummary.LimitOrderMeans;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fills' means and the limit orders' side by side, one row per account and instrument that has either. */
final class QualitySummaries {

    private QualitySummaries() {
    }

    /**
     * @param fills the fills' means per account and instrument
     * @param limitOrders the limit orders' means, keyed {@code account + '\n' + instrument}
     * @return every account and instrument with fills or limit orders, by account then instrument; one with limit orders
     *         that never filled has a row of 0 fills
     */
    static List<QualitySummary> merge(List<QualitySummary> fills, Map<String, LimitOrderMeans> limitOrders) {
        Map<String, LimitOrderMeans> left = new LinkedHashMap<>(limitOrders);
        List<QualitySummary> merged = new ArrayList<>();
        for (QualitySummary summary : fills) {
            merged.add(summary.withLimitOrders(left.remove(summary.accountId() + '\n' + summary.instrument())));
        }
        left.forEach((key, means) -> {
            int split = key.indexOf('\n');
            merged.add(new QualitySummary(key.substring(0, split), key.substring(split + 1), 0, 0, null, null, null, List.of(), null, null,
                    means));
        });
        merged.sort(Comparator.comparing(QualitySummary::accountId).thenComparing(QualitySummary::instrument));
        return merged;
    }
}
