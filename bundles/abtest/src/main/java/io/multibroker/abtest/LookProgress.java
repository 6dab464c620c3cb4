package io.multibroker.abtest;

import io.multibroker.abtest.stats.AlphaSpending;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.SequentialLooks;
import io.multibroker.api.routing.SequentialLooks.Look;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequential plan of {@link ExperimentAnalysis} laid out look by look: the sample each look needs, the level it tests
 * at, and which looks every arm has reached. It spends the significance level exactly as the verdict does.
 */
final class LookProgress {

    private LookProgress() {
    }

    static SequentialLooks of(ExperimentInfo info, OutcomeTally tally) {
        double alpha = info.significanceLevel().doubleValue();
        AlphaSpending spending = new AlphaSpending(alpha);
        List<Look> looks = new ArrayList<>();
        int reached = 0;
        double spentWhenReached = 0;
        for (int look = 1; look <= ExperimentAnalysis.LOOKS; look++) {
            final int k = look;
            double level = spending.levelForLook((double) look / ExperimentAnalysis.LOOKS);
            boolean everyArm = info.armBasisPoints().keySet().stream().allMatch(arm -> tally.arm(arm) != null && tally.arm(arm).atLook(k) != null);
            if (everyArm && reached == look - 1) {
                reached = look;
                spentWhenReached = spending.spent();
            }
            looks.add(new Look(look, tally.lookSize(look), level, spending.spent(), reached == look));
        }
        return new SequentialLooks(info.name(), info.primaryMetric(), alpha, reached, spentWhenReached, looks);
    }
}
