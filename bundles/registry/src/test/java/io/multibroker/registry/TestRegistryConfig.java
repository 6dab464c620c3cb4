package io.multibroker.registry;

import java.lang.annotation.Annotation;

/** Registry settings for tests: a fast health interval. */
@SuppressWarnings("all")
final class TestRegistryConfig implements RegistryConfig {

    private final boolean requireRiskCheck;

    TestRegistryConfig() {
        this(false);
    }

    TestRegistryConfig(boolean requireRiskCheck) {
        this.requireRiskCheck = requireRiskCheck;
    }

    @Override
    public boolean orders_require_risk_check() {
        return requireRiskCheck;
    }

    @Override
    public int health_interval_seconds() {
        return 1;
    }

    @Override
    public int health_timeout_seconds() {
        return 2;
    }

    @Override
    public int connect_timeout_seconds() {
        return 2;
    }

    @Override
    public long degraded_latency_ms() {
        return 2000;
    }

    @Override
    public double error_rate_threshold() {
        return 0.5;
    }

    @Override
    public int error_rate_window_seconds() {
        return 60;
    }

    @Override
    public int error_rate_min_calls() {
        return 10;
    }

    @Override
    public int errors_kept() {
        return 1000;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return RegistryConfig.class;
    }
}
