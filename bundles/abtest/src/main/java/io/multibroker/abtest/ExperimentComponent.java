package io.multibroker.abtest;

import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.Allocation;
import io.multibroker.api.routing.AllocationSnapshot;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.ConfigValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
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

    /** An experiment's settings, parsed: replaced whole when its configuration changes. */
    private record Settings(ExperimentInfo info, Arms configured) {
    }

    private volatile Settings settings;
    /** Counts configuration changes, so that a look at the experiment can tell it changed. */
    private volatile int revision;
    /** The arms orders are assigned by: the configured weights, or the bandit's current allocation. */
    private volatile Arms current;
    /** The splits in force since activation, for the dashboard's chart of a bandit over time. */
    private final AllocationHistory allocations = new AllocationHistory();

    @Activate
    public ExperimentComponent(ExperimentConfig config) {
        this.settings = parse(config);
        this.current = settings.configured();
        allocations.record(Instant.now(), current.basisPoints(), AllocationHistory.CONFIGURED);
    }

    /**
     * A changed configuration (weights, promotion, filters) in force at once, without the experiment ever being
     * absent: orders routed to it during the change are not refused. Its name cannot change.
     */
    @Modified
    void modified(ExperimentConfig config) {
        Settings next = parse(config);
        Settings before = settings;
        if (!next.info().name().equals(before.info().name())) {
            throw new IllegalStateException("the name of experiment " + before.info().name() + " cannot change to " + next.info().name());
        }
        boolean keepBanditSplit = next.info().bandit() && before.info().allocationMethod() == Allocation.THOMPSON
                && current.basisPoints().keySet().equals(next.configured().basisPoints().keySet());
        this.settings = next;
        this.revision++;
        if (!keepBanditSplit) {
            this.current = next.configured();
            allocations.record(Instant.now(), current.basisPoints(), AllocationHistory.CONFIGURED);
        }
    }

    private static Settings parse(ExperimentConfig config) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        Arms configured = Arms.parse(ConfigValues.list(config.arms()), violations);
        Arms before = config.promoted() == null ? null : Arms.parse(ConfigValues.list(config.weights_before_promotion()), violations);
        if (!violations.isEmpty()) {
            throw new InvalidConfigurationException("experiment " + config.name(), violations);
        }
        Set<OrderType> types = EnumSet.noneOf(OrderType.class);
        ConfigValues.list(config.order_types()).forEach(t -> types.add(OrderType.valueOf(t)));
        String salt = config.salt() == null || config.salt().isBlank() ? config.name() : config.salt();
        int floor = BigDecimal.valueOf(config.bandit_floor()).movePointRight(2).intValue();
        Instant promotedAt = config.promoted_at() == null ? null : Instant.parse(config.promoted_at());
        ExperimentInfo info = new ExperimentInfo(config.name(), configured.basisPoints(), salt, new LinkedHashSet<>(ConfigValues.list(config.instruments())),
                types, config.primary_metric(), ConfigValues.list(config.guardrails()), BigDecimal.valueOf(config.significance_level()),
                config.minimum_sample_per_arm(), config.auto_select(), config.allocation(), config.running(), floor, config.promoted(),
                promotedAt, before == null ? Map.of() : before.basisPoints(), ConfigValues.list(config.shadows()));
        return new Settings(info, configured);
    }

    int revision() {
        return revision;
    }

    /** Whether the bandit sets the split (a promoted experiment keeps its winner at 100 %). */
    boolean banditAllocated() {
        ExperimentInfo info = settings.info();
        return info.bandit();
    }

    /** The split of new orders now, in basis points. */
    Map<String, Integer> allocation() {
        return current.basisPoints();
    }

    /** Sets the bandit's allocation; orders are assigned by it from now on. */
    void allocate(Map<String, Integer> basisPoints) {
        this.current = Arms.of(basisPoints);
        allocations.record(Instant.now(), current.basisPoints(), AllocationHistory.BANDIT);
    }

    /** The splits orders were assigned by since activation, oldest first. */
    List<AllocationSnapshot> allocationHistory() {
        return allocations.snapshots();
    }

    ExperimentInfo info() {
        return settings.info();
    }

    /** Whether the order takes part: its instrument and type pass the experiment's filter. */
    boolean covers(UnifiedOrder order) {
        ExperimentInfo info = settings.info();
        return (info.instruments().isEmpty() || info.instruments().contains(order.instrument()))
                && (info.orderTypes().isEmpty() || info.orderTypes().contains(order.type()));
    }

    /** The arm the order is assigned to: the same client order id always lands in the same arm. */
    String assignedArm(UnifiedOrder order) {
        return current.armFor(StableHash.bucket(settings.info().salt(), order.clientOrderId()));
    }

    List<String> armOrder() {
        return settings.configured().accounts();
    }
}
