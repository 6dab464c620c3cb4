package io.multibroker.api.routing;

import io.multibroker.api.model.OrderType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment that splits order flow between accounts.
 *
 * @param name its name, unique
 * @param armBasisPoints each arm (account) and its weight in basis points; they sum to 10,000
 * @param salt what the client order id is hashed with (default: the name)
 * @param instruments only orders in these instruments take part; empty for all
 * @param orderTypes only orders of these types take part; empty for all
 * @param primaryMetric what decides the winner: {@code latency}, {@code slippage}, {@code fill_rate} or {@code reject_rate}
 * @param guardrails metrics that must not get worse, for example {@code reject_rate}
 * @param significanceLevel the alpha of the tests
 * @param minimumSamplePerArm orders per arm before a verdict
 * @param autoSelect whether a significant winner is promoted automatically
 * @param allocation {@code fixed} (the weights) or {@code thompson} (a bandit)
 * @param running false once stopped: orders routed to it are then refused
 * @param banditFloorBasisPoints with the {@code thompson} allocation, the share every arm keeps at least
 * @param promotedArm the arm promoted to 100 %, or null
 * @param promotedAt when it was promoted, or null
 * @param weightsBeforePromotion the arms' weights (basis points) before the promotion, or empty
 * @param shadows accounts that take no orders: for each order of a live arm their quote at that moment is recorded, and
 *        the report compares what they would have paid with what the arms paid (since 1.3)
 */
public record ExperimentInfo(String name, Map<String, Integer> armBasisPoints, String salt, Set<String> instruments,
        Set<OrderType> orderTypes, String primaryMetric, List<String> guardrails, BigDecimal significanceLevel,
        int minimumSamplePerArm, boolean autoSelect, String allocation, boolean running, int banditFloorBasisPoints,
        String promotedArm, Instant promotedAt, Map<String, Integer> weightsBeforePromotion, List<String> shadows) {

    public ExperimentInfo {
        shadows = shadows == null ? List.of() : List.copyOf(shadows);
    }

    /** An experiment without shadow arms (as before 1.3). */
    public ExperimentInfo(String name, Map<String, Integer> armBasisPoints, String salt, Set<String> instruments,
            Set<OrderType> orderTypes, String primaryMetric, List<String> guardrails, BigDecimal significanceLevel,
            int minimumSamplePerArm, boolean autoSelect, String allocation, boolean running, int banditFloorBasisPoints,
            String promotedArm, Instant promotedAt, Map<String, Integer> weightsBeforePromotion) {
        this(name, armBasisPoints, salt, instruments, orderTypes, primaryMetric, guardrails, significanceLevel, minimumSamplePerArm,
                autoSelect, allocation, running, banditFloorBasisPoints, promotedArm, promotedAt, weightsBeforePromotion, List.of());
    }

    /** An experiment with a fixed allocation that has not been promoted. */
    public ExperimentInfo(String name, Map<String, Integer> armBasisPoints, String salt, Set<String> instruments,
            Set<OrderType> orderTypes, String primaryMetric, List<String> guardrails, BigDecimal significanceLevel,
            int minimumSamplePerArm, boolean autoSelect, String allocation, boolean running) {
        this(name, armBasisPoints, salt, instruments, orderTypes, primaryMetric, guardrails, significanceLevel, minimumSamplePerArm,
                autoSelect, allocation, running, 0, null, null, Map.of(), List.of());
    }

    /** {@link #primaryMetric} as the metric it names. */
    public ExperimentMetric primary() {
        return ExperimentMetric.of(primaryMetric);
    }

    /** {@link #allocation} as the allocation it names. */
    public Allocation allocationMethod() {
        return Allocation.of(allocation);
    }

    /** Whether the split follows a bandit: a Thompson allocation not yet promoted. */
    public boolean bandit() {
        return allocationMethod() == Allocation.THOMPSON && !promoted();
    }

    /** Whether an arm has been promoted to 100 %. */
    public boolean promoted() {
        return promotedArm != null;
    }
}
