package io.multibroker.abtest;

import java.lang.annotation.Annotation;

/** Experiment settings for tests. */
@SuppressWarnings("all")
class TestExperimentConfig implements ExperimentConfig {
    final String name;
    final String[] arms;
    String[] instruments = new String[0];
    boolean running = true;
    String allocation = "fixed";
    String promoted;
    String promotedAt;
    String[] weightsBeforePromotion = new String[0];

    TestExperimentConfig(String name, String... arms) {
        this.name = name;
        this.arms = arms;
    }

    @Override public String name() { return name; }
    @Override public String[] arms() { return arms; }
    @Override public String salt() { return null; }
    @Override public String[] instruments() { return instruments; }
    @Override public String[] order_types() { return new String[0]; }
    @Override public String primary_metric() { return "latency"; }
    @Override public String[] guardrails() { return new String[0]; }
    @Override public double significance_level() { return 0.05; }
    @Override public int minimum_sample_per_arm() { return 100; }
    @Override public boolean auto_select() { return false; }
    @Override public String allocation() { return allocation; }
    @Override public double bandit_floor() { return 10; }
    @Override public String promoted() { return promoted; }
    @Override public String promoted_at() { return promotedAt; }
    @Override public String[] weights_before_promotion() { return weightsBeforePromotion; }
    @Override public String[] shadows() { return new String[0]; }
    @Override public boolean running() { return running; }
    @Override public Class<? extends Annotation> annotationType() { return ExperimentConfig.class; }
}
