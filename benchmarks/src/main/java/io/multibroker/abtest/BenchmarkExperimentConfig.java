package io.multibroker.abtest;

import java.lang.annotation.Annotation;

/** An experiment's settings for the benchmarks: the defaults, with a name and arms. */
@SuppressWarnings("all")
final class BenchmarkExperimentConfig implements ExperimentConfig {
    private final String name;
    private final String[] arms;

    BenchmarkExperimentConfig(String name, String... arms) {
        this.name = name;
        this.arms = arms;
    }

    @Override public String name() { return name; }
    @Override public String[] arms() { return arms; }
    @Override public String salt() { return null; }
    @Override public String[] instruments() { return new String[0]; }
    @Override public String[] order_types() { return new String[0]; }
    @Override public String primary_metric() { return "latency"; }
    @Override public String[] guardrails() { return new String[0]; }
    @Override public double significance_level() { return 0.05; }
    @Override public int minimum_sample_per_arm() { return 100; }
    @Override public boolean auto_select() { return false; }
    @Override public String allocation() { return "fixed"; }
    @Override public double bandit_floor() { return 10; }
    @Override public String promoted() { return null; }
    @Override public String promoted_at() { return null; }
    @Override public String[] weights_before_promotion() { return new String[0]; }
    @Override public String[] shadows() { return new String[0]; }
    @Override public boolean running() { return true; }
    @Override public Class<? extends Annotation> annotationType() { return ExperimentConfig.class; }
}
