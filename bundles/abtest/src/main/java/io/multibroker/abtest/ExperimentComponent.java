package io.multibroker.abtest;

import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentService;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One experiment per factory configuration: its settings parsed and checked, and its assignment of orders
 * to arms. With the fixed allocation an order's arm depends only on the salt, its client order id and the
 * weights; with the {@code thompson} allocation the weights are the bandit's and change as outcomes arrive.
 */
@Component(service = ExperimentComponent.class, configurationPid = ExperimentService.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ExperimentConfig.class, factory = true)
public final class ExperimentComponent {

    private final ExperimentInfo info;
    private final Arms configured;
    /** The arms orders are assigned by: the configured weights, or the bandit's current allocation. */
    private volatile Arms current;

    @Activate
    public ExperimentComponent(ExperimentConfig config) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        this.configured = Arms.parse(list(config.arms()), violations);
        Arms before = config.promoted() == null ? null : Arms.parse(list(config.weights_before_promotion()), violations);
        if (!violations.isEmpty()) {
            throw new InvalidConfigurationException("experiment " + config.name(), violations);
        }
        Set<OrderType> types = EnumSet.noneOf(OrderType.class);
        list(config.order_types()).forEach(t -> types.add(OrderType.valueOf(t)));
        String salt = config.salt() == null || config.salt().isBlank() ? config.name() : config.salt();
        int floor = BigDecimal.valueOf(config.bandit_floor()).movePointRight(2).intValue();
        Instant promotedAt = config.promoted_at() == null ? null : Instant.parse(config.promoted_at());
        this.info = new ExperimentInfo(config.name(), configured.basisPoints(), salt, new LinkedHashSet<>(list(config.instruments())),
                types, config.primary_metric(), list(config.guardrails()), BigDecimal.valueOf(config.significance_level()),
                config.minimum_sample_per_arm(), config.auto_select(), config.allocation(), config.running(), floor, config.promoted(),
                promotedAt, before == null ? Map.of() : before.basisPoints());
        this.current = configured;
    }

    /** Whether the bandit sets the split (a promoted experiment keeps its winner at 100 %). */
    boolean banditAllocated() {
        return "thompson".equals(info.allocation()) && !info.promoted();
    }

    /** The split of new orders now, in basis points. */
    Map<String, Integer> allocation() {
        return current.basisPoints();
    }

    /** Sets the bandit's allocation; orders are assigned by it from now on. */
    void allocate(Map<String, Integer> basisPoints) {
        this.current = Arms.of(basisPoints);
    }

    /** A list setting as a list of trimmed values: a .cfg file gives one comma-separated text. */
    static List<String> list(String[] values) {
        if (values == null) {
            return List.of();
        }
        return Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    ExperimentInfo info() {
        return info;
    }

    /** Whether the order takes part: its instrument and type pass the experiment's filter. */
    boolean covers(UnifiedOrder order) {
        return (info.instruments().isEmpty() || info.instruments().contains(order.instrument()))
                && (info.orderTypes().isEmpty() || info.orderTypes().contains(order.type()));
    }

    /** The arm the order is assigned to: the same client order id always lands in the same arm. */
    String assignedArm(UnifiedOrder order) {
        return current.armFor(StableHash.bucket(info.salt(), order.clientOrderId()));
    }

    List<String> armOrder() {
        return configured.accounts();
    }
}
