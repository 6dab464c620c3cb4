package io.multibroker.abtest;

import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.LimitOrderQuality;
import io.multibroker.api.quality.Markout;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentMetric;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * An experiment's execution-quality figures per arm, in the order the fills (and the limit orders' ends) were recorded:
 * the samples its report compares on the metrics measured per fill and per limit order. Overrides are left out, as from the router's figures; after a promotion,
 * only the fills up to it count, as for the outcomes. Values are in pips; they become doubles here, where they enter
 * the statistics.
 */
final class QualitySamples {

    static final QualitySamples NONE = new QualitySamples(Map.of());

    private final Map<ExperimentMetric, Map<String, double[]>> values;

    private QualitySamples(Map<ExperimentMetric, Map<String, double[]>> values) {
        this.values = values;
    }

    /**
     * The experiment's fills as execution quality has recorded them; none without the service. A store that cannot be
     * read leaves the report without these metrics (said in the log) rather than without the rest.
     */
    static QualitySamples read(ExecutionQuality quality, ExperimentInfo info) {
        if (quality == null) {
            return NONE;
        }
        try {
            Collector collector = new Collector(info);
            QualityQuery query = new QualityQuery(null, null, info.name(), null, 0);
            quality.forEachFill(query, collector);
            quality.forEachLimitOrder(query, collector::acceptLimitOrder);
            return collector.samples();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(QualitySamples.class).warn("experiment {}: execution quality not read: {}", info.name(), e.toString());
            return NONE;
        }
    }

    /** @param fills the experiment's fills, oldest first */
    static QualitySamples of(ExperimentInfo info, List<FillQuality> fills) {
        return of(info, fills, List.of());
    }

    /**
     * @param fills the experiment's fills, oldest first
     * @param limitOrders its limit orders that ended, oldest first
     */
    static QualitySamples of(ExperimentInfo info, List<FillQuality> fills, List<LimitOrderQuality> limitOrders) {
        Collector collector = new Collector(info);
        fills.forEach(collector);
        limitOrders.forEach(collector::acceptLimitOrder);
        return collector.samples();
    }

    /**
     * Folds fills, oldest first, into per-arm arrays of doubles as they come: a report over a million fills holds five
     * doubles a fill, never the fills.
     */
    static final class Collector implements Consumer<FillQuality> {
        private final ExperimentInfo info;
        private final Map<ExperimentMetric, Map<String, DoubleList>> collected = new EnumMap<>(ExperimentMetric.class);

        Collector(ExperimentInfo info) {
            this.info = info;
        }

        @Override
        public void accept(FillQuality fill) {
            boolean known = fill.shadow() ? info.shadows().contains(fill.arm()) : info.armBasisPoints().containsKey(fill.arm());
            if (fill.override() || fill.arm() == null || !known || info.promoted() && fill.filledAt().isAfter(info.promotedAt())) {
                return;
            }
            for (ExperimentMetric metric : ExperimentMetric.values()) {
                if (!metric.executionQuality() || metric.limitOrder()) {
                    continue;
                }
                Figure figure = figure(metric, fill);
                if (figure != null) {
                    add(metric, fill.arm(), figure.pips());
                }
            }
        }

        /** Folds in a limit order that ended: an arm's own (no override, no shadow: a shadow places no orders). */
        void acceptLimitOrder(LimitOrderQuality order) {
            if (order.override() || order.arm() == null || !info.armBasisPoints().containsKey(order.arm())
                    || info.promoted() && order.endedAt().isAfter(info.promotedAt())) {
                return;
            }
            for (ExperimentMetric metric : ExperimentMetric.values()) {
                if (metric.limitOrder()) {
                    add(metric, order.arm(), value(metric, order));
                }
            }
        }

        private void add(ExperimentMetric metric, String arm, BigDecimal value) {
            if (value != null) {
                collected.computeIfAbsent(metric, m -> new LinkedHashMap<>()).computeIfAbsent(arm, a -> new DoubleList())
                        .add(value.doubleValue());
            }
        }

        QualitySamples samples() {
            Map<ExperimentMetric, Map<String, double[]>> values = new EnumMap<>(ExperimentMetric.class);
            collected.forEach((metric, arms) -> {
                Map<String, double[]> byArm = new LinkedHashMap<>();
                arms.forEach((arm, list) -> byArm.put(arm, list.toArray()));
                values.put(metric, byArm);
            });
            return new QualitySamples(values);
        }
    }

    /** A growing array of doubles, unboxed. */
    private static final class DoubleList {
        private double[] values = new double[64];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** The figure of the metric for one fill, or null when it has none (no arrival quote, a markout not taken). */
    static Figure figure(ExperimentMetric metric, FillQuality fill) {
        return switch (metric) {
            case EFFECTIVE_SPREAD -> fill.effectiveSpread();
            case PRICE_IMPROVEMENT -> fill.priceImprovement();
            case MARKOUT_1S -> markout(fill, MarkoutHorizon.ONE_SECOND);
            case MARKOUT_5S -> markout(fill, MarkoutHorizon.FIVE_SECONDS);
            case MARKOUT_60S -> markout(fill, MarkoutHorizon.ONE_MINUTE);
            default -> throw new IllegalArgumentException(metric.id() + " is not measured per fill");
        };
    }

    /**
     * The metric's value for one limit order, or null when it has none (time to fill of an order that did not fill, a
     * shortfall whose opportunity cost is pending or fell in a gap).
     */
    static BigDecimal value(ExperimentMetric metric, LimitOrderQuality order) {
        return switch (metric) {
            case LIMIT_FILL_RATIO -> order.fillRatio();
            case LIMIT_FILLED -> order.filled() ? BigDecimal.ONE : BigDecimal.ZERO;
            case TIME_TO_FILL -> order.timeToFill() == null ? null : BigDecimal.valueOf(order.timeToFill().toMillis());
            case IMPLEMENTATION_SHORTFALL -> order.implementationShortfall() == null ? null : order.implementationShortfall().pips();
            default -> throw new IllegalArgumentException(metric.id() + " is not measured per limit order");
        };
    }

    private static Figure markout(FillQuality fill, MarkoutHorizon horizon) {
        return fill.markout(horizon).filter(m -> m.state() == MarkoutState.MEASURED).map(Markout::value).orElse(null);
    }

    /** Whether any arm has a value of the metric. */
    boolean has(ExperimentMetric metric) {
        return values.containsKey(metric);
    }

    /** The arm's values of the metric, in fill order; empty when none. */
    double[] values(ExperimentMetric metric, String arm) {
        return values.getOrDefault(metric, Map.of()).getOrDefault(arm, new double[0]);
    }

    /** The arm's first {@code count} values, or null while it has fewer. */
    double[] first(ExperimentMetric metric, String arm, long count) {
        double[] all = values(metric, arm);
        return all.length < count ? null : Arrays.copyOf(all, (int) count);
    }
}
