package io.multibroker.abtest;

import io.multibroker.api.routing.ExperimentInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Statistic;

/**
 * An experiment's outcomes folded into running figures, so that a report over a million outcomes costs what
 * one over a hundred does and holds no outcome in memory. Per arm: the counts, the mean and variance of
 * latency and slippage (one pass, Commons Statistics), a latency histogram (HdrHistogram, three significant
 * digits) for the median, the 99th percentile and the rank test, and the same figures as they stood when
 * the arm reached each sequential look's sample size.
 *
 * <p>Outcomes are folded in the order the store wrote them (row id): that is the order in which a look's
 * "first k outcomes of every arm" is counted. Not thread-safe; the store folds and reads under its lock.
 */
final class OutcomeTally {

    /** What folding depends on besides the outcomes: when it changes, the tally is built again from the first. */
    record Basis(List<String> arms, Instant promotedAt, int minimumSamplePerArm) {
        static Basis of(ExperimentInfo info) {
            return new Basis(List.copyOf(info.armBasisPoints().keySet()), info.promoted() ? info.promotedAt() : null,
                    info.minimumSamplePerArm());
        }
    }

    private final Basis basis;
    private final Map<String, ArmTally> arms = new LinkedHashMap<>();
    private final long[] lookSizes = new long[ExperimentAnalysis.LOOKS];
    /** Every row by arm, as recorded (before any filter): main outcomes at [0], overrides at [1]. */
    private final Map<String, long[]> recorded = new TreeMap<>();
    /** Where the store's next catch-up reads from (see CommitOrderScan). */
    private long position;
    /** Rows folded in so far: what tells a supervisor that something new came. */
    private long folded;

    OutcomeTally(Basis basis) {
        this.basis = basis;
        basis.arms().forEach(arm -> arms.put(arm, new ArmTally()));
        for (int look = 1; look <= ExperimentAnalysis.LOOKS; look++) {
            lookSizes[look - 1] = (long) Math.ceil((double) look * basis.minimumSamplePerArm() / ExperimentAnalysis.LOOKS);
        }
    }

    /** A tally of outcomes given in the order they were recorded. */
    static OutcomeTally of(ExperimentInfo info, List<Outcome> outcomes) {
        OutcomeTally tally = new OutcomeTally(Basis.of(info));
        for (Outcome outcome : outcomes) {
            tally.add(outcome);
        }
        return tally;
    }

    Basis basis() {
        return basis;
    }

    /** The store's position after the last outcome folded in: the next catch-up reads after it. */
    long position() {
        return position;
    }

    void advanceTo(long newPosition) {
        position = newPosition;
    }

    /** How many rows have been folded in: it changes only when new outcomes came. */
    long folded() {
        return folded;
    }

    /** The arm's figures, or null for an arm the experiment does not have. */
    ArmTally arm(String arm) {
        return arms.get(arm);
    }

    /** How many outcomes each arm has recorded, main ones or overrides, arms without any left out. */
    Map<String, Long> recorded(boolean overrides) {
        Map<String, Long> counts = new TreeMap<>();
        recorded.forEach((arm, byKind) -> {
            if (byKind[overrides ? 1 : 0] > 0) {
                counts.put(arm, byKind[overrides ? 1 : 0]);
            }
        });
        return counts;
    }

    long lookSize(int look) {
        return lookSizes[look - 1];
    }

    void add(Outcome outcome) {
        add(outcome.arm(), outcome.override(), outcome.status(), outcome.latencyNanos(), outcome.slippagePips(),
                outcome.recordedAt());
    }

    /**
     * Folds in the next outcome (given as the columns a report needs). After a promotion only what
     * was recorded up to it is evidence: later outcomes (all routed to the winner) are passed over; so are
     * outcomes of arms since removed.
     */
    void add(String armName, boolean override, String status, long latencyNanos, BigDecimal slippagePips, Instant recordedAt) {
        folded++;
        recorded.computeIfAbsent(armName, name -> new long[2])[override ? 1 : 0]++;
        ArmTally arm = arms.get(armName);
        if (arm == null || basis.promotedAt() != null && recordedAt.isAfter(basis.promotedAt())) {
            return;
        }
        if (override) {
            arm.overrides++;
        } else {
            arm.add(status, latencyNanos, slippagePips, lookSizes);
        }
    }

    /** One arm: its overrides apart, the figures of its main outcomes now and at each look. */
    static final class ArmTally {
        private long overrides;
        private final Figures now = new Figures();
        private final Histogram latencyMicros = new Histogram(3);
        private final Figures[] looks = new Figures[ExperimentAnalysis.LOOKS];
        private int looksReached;

        private void add(String status, long latencyNanos, BigDecimal slippagePips, long[] lookSizes) {
            now.add(status, latencyNanos, slippagePips);
            latencyMicros.recordValue(Math.max(0, latencyNanos / 1_000));
            while (looksReached < looks.length && now.orders == lookSizes[looksReached]) {
                looks[looksReached++] = now.copy();
            }
        }

        long overrides() {
            return overrides;
        }

        Figures now() {
            return now;
        }

        /** Latency in microseconds, to three significant digits. */
        Histogram latencyMicros() {
            return latencyMicros;
        }

        /** The figures as they were at the look's sample size, or null while the arm has not reached it. */
        Figures atLook(int look) {
            return look <= looksReached ? looks[look - 1] : null;
        }
    }

    /** Counts, and mean and variance of latency (ms) and of slippage (pips, where known). */
    static final class Figures {
        private long orders;
        private long filled;
        private long rejected;
        private final DoubleStatistics latencyMillis;
        private final DoubleStatistics slippagePips;

        Figures() {
            this(moments(), moments());
        }

        private Figures(DoubleStatistics latencyMillis, DoubleStatistics slippagePips) {
            this.latencyMillis = latencyMillis;
            this.slippagePips = slippagePips;
        }

        private static DoubleStatistics moments() {
            return DoubleStatistics.of(Statistic.MEAN, Statistic.VARIANCE);
        }

        private void add(String status, long latencyNanos, BigDecimal slippage) {
            orders++;
            if (status.equals("FILLED") || status.equals("PARTIALLY_FILLED")) {
                filled++;
            } else if (status.equals("REJECTED")) {
                rejected++;
            }
            latencyMillis.accept(latencyNanos / 1e6);
            if (slippage != null) {
                // statistics of slippage, not money: a double is what the tests take
                slippagePips.accept(slippage.doubleValue());
            }
        }

        private Figures copy() {
            Figures copy = new Figures(moments().combine(latencyMillis), moments().combine(slippagePips));
            copy.orders = orders;
            copy.filled = filled;
            copy.rejected = rejected;
            return copy;
        }

        long orders() {
            return orders;
        }

        long filled() {
            return filled;
        }

        long rejected() {
            return rejected;
        }

        DoubleStatistics latencyMillis() {
            return latencyMillis;
        }

        DoubleStatistics slippagePips() {
            return slippagePips;
        }
    }
}
