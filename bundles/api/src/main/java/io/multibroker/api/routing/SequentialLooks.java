package io.multibroker.api.routing;

import java.util.List;

/**
 * Where an experiment stands in its sequential plan: the verdict on the primary metric is taken at looks fixed in
 * advance (look k uses the first k/n of the planned sample of every arm) and each look tests at the part of the
 * significance level that the alpha-spending function releases for it.
 *
 * @param experiment the experiment
 * @param primaryMetric the metric the looks test
 * @param significanceLevel the whole level, spent over all looks
 * @param lookReached the last look every arm has reached (0 before the first)
 * @param alphaSpent the level spent up to that look
 * @param looks every look of the plan, reached or not
 */
public record SequentialLooks(String experiment, String primaryMetric, double significanceLevel, int lookReached,
        double alphaSpent, List<Look> looks) {

    /**
     * One look of the plan.
     *
     * @param look its number, from 1
     * @param ordersPerArm the orders every arm needs for it
     * @param level the level it tests at (the alpha released since the previous look)
     * @param cumulativeAlpha the level spent up to and including it
     * @param reached whether every arm has reached it
     */
    public record Look(int look, long ordersPerArm, double level, double cumulativeAlpha, boolean reached) {
    }
}
