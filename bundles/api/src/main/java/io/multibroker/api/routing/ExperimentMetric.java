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
    REJECT_RATE("reject_rate", false);

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

    public static Optional<ExperimentMetric> byId(String id) {
        return Arrays.stream(values()).filter(metric -> metric.id.equals(id)).findFirst();
    }

    /** The metric written as {@code id}, or an error naming the ones there are. */
    public static ExperimentMetric of(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("no metric '" + id + "' (metrics: "
                + Arrays.stream(values()).map(ExperimentMetric::id).collect(Collectors.joining(", ")) + ")"));
    }
}
