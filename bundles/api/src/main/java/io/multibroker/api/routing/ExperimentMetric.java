package io.multibroker.api.routing;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an experiment compares its arms on: its primary metric, its guardrails, each test of its report. */
public enum ExperimentMetric {
    /** The time from sending an order to its answer, in milliseconds: lower is better. */
    LATENCY("latency", false),
    /** The fill's distance from the caller's reference price, in pips, against the trader: lower is better. */
    SLIPPAGE("slippage", false),
    /** The share of orders filled: higher is better. */
    FILL_RATE("fill_rate", true),
    /** The share of orders rejected: lower is better. */
    REJECT_RATE("reject_rate", false),
    /** Execution quality: the effective spread {@code 2 s (p - m)} against the arrival mid, in pips: lower is better (since 1.3). */
    EFFECTIVE_SPREAD("effective_spread", false),
    /** Execution quality: how far the fill beat the far side of the arrival quote, in pips: higher is better (since 1.3). */
    PRICE_IMPROVEMENT("price_improvement", true),
    /** Execution quality: the markout {@code s (m(t + 1 s) - p)} in pips: higher is better (since 1.3). */
    MARKOUT_1S("markout_1s", true),
    /** Execution quality: the markout 5 s after the fill, in pips: higher is better (since 1.3). */
    MARKOUT_5S("markout_5s", true),
    /** Execution quality: the markout 60 s after the fill, in pips: higher is better (since 1.3). */
    MARKOUT_60S("markout_60s", true),
    /** Execution quality of limit orders: the units filled over the units ordered, per order that ended: higher is better (since 1.4). */
    LIMIT_FILL_RATIO("limit_fill_ratio", true),
    /** Execution quality of limit orders: 1 for an order that filled at all, 0 for one that ended unfilled: higher is better (since 1.4). */
    LIMIT_FILLED("limit_filled", true),
    /** Execution quality of limit orders: from submission to the last fill, in milliseconds, of the filled ones: lower is better (since 1.4). */
    TIME_TO_FILL("time_to_fill", false),
    /**
     * Execution quality of limit orders: the implementation shortfall per unit ordered, the unfilled part at its opportunity
     * cost, in pips: lower is better (since 1.4).
     */
    IMPLEMENTATION_SHORTFALL("implementation_shortfall", false);

    private final String id;
    private final boolean higherIsBetter;

    ExperimentMetric(String id, boolean higherIsBetter) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
    }

    /** How configurations, reports and the HTTP API write it. */
    public String id() {
        return id;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether it is a share of the orders (compared as proportions) rather than a mean of values. */
    public boolean proportion() {
        return this == FILL_RATE || this == REJECT_RATE;
    }

    /**
     * Whether it is measured on the fills by execution quality (the reference prices at and after each fill), rather than
     * on the router's outcomes: such a figure exists only for filled orders (the limit-order ones for limit orders that
     * ended), and markouts only once their horizon passed.
     */
    public boolean executionQuality() {
        return ordinal() >= EFFECTIVE_SPREAD.ordinal();
    }

    /** Whether it is measured per limit order that ended rather than per fill (since 1.4). */
    public boolean limitOrder() {
        return ordinal() >= LIMIT_FILL_RATIO.ordinal();
    }

    public static Optional<ExperimentMetric> byId(String id) {
        return Arrays.stream(values()).filter(metric -> metric.id.equals(id)).findFirst();
    }

    /** The metric written as {@code id}, or an error naming the ones there are. */
    public static ExperimentMetric of(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("no metric '" + id + "' (metrics: "
                + Arrays.stream(values()).map(ExperimentMetric::id).collect(Collectors.joining(", ")) + ")"));
    }
}
