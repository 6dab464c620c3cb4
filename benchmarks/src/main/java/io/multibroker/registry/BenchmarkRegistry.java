package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.config.ConfigurationSchema;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;

/** The real registry with a given number of accounts, all UP, for the benchmarks. */
public final class BenchmarkRegistry {

    private BenchmarkRegistry() {
    }

    /** Settings with health checks far apart, so that they do not run during a measurement. */
    @SuppressWarnings("all")
    private static final class QuietConfig implements RegistryConfig {
        @Override public int health_interval_seconds() { return 3600; }
        @Override public int health_timeout_seconds() { return 5; }
        @Override public int connect_timeout_seconds() { return 5; }
        @Override public long degraded_latency_ms() { return 60_000; }
        @Override public double error_rate_threshold() { return 0.5; }
        @Override public int error_rate_window_seconds() { return 60; }
        @Override public int error_rate_min_calls() { return 10; }
        @Override public int errors_kept() { return 1000; }
        @Override public boolean orders_require_risk_check() { return false; }
        @Override public Class<? extends Annotation> annotationType() { return RegistryConfig.class; }
    }

    public static BrokerRegistryImpl withAccounts(int count, IntFunction<BrokerAdapter> adapters) {
        BrokerRegistryImpl registry = new BrokerRegistryImpl(new QuietConfig(), (BrokerRegistryImpl.SchemaSource) entry ->
                Optional.of(new ConfigurationSchema(entry.type().factoryPid(), entry.type().displayName(), "", List.of())));
        for (int i = 0; i < count; i++) {
            registry.addAdapter(i + 1, adapters.apply(i), true);
        }
        Awaitility.await("every account UP").atMost(Duration.ofSeconds(60))
                .until(() -> registry.accounts().stream().allMatch(a -> a.health().status() == HealthStatus.UP));
        return registry;
    }

    public static void stop(BrokerRegistry registry) {
        ((BrokerRegistryImpl) registry).deactivate();
    }
}
