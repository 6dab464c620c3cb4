package io.multibroker.registry;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The registry's own settings, PID {@code io.multibroker.registry}. */
@ObjectClassDefinition(id = BrokerRegistryImpl.PID, name = "Multibroker registry",
        description = "How the registry connects and checks broker accounts")
@interface RegistryConfig {

    /** The key of {@link #orders_require_risk_check()}, as operators write it. */
    String REQUIRE_RISK_CHECK = "orders.require.risk.check";

    @AttributeDefinition(name = "Health check interval (s)", description = "How often every account is checked", min = "1", max = "3600")
    int health_interval_seconds() default 10;

    @AttributeDefinition(name = "Health check timeout (s)", description = "A check that takes longer counts as failed", min = "1", max = "600")
    int health_timeout_seconds() default 5;

    @AttributeDefinition(name = "Connect timeout (s)", description = "How long an account may take to authenticate and connect, and then to have its orders reconciled with the order journal", min = "1", max = "600")
    int connect_timeout_seconds() default 30;

    @AttributeDefinition(name = "Degraded latency (ms)", description = "A health check slower than this marks the account DEGRADED", min = "1")
    long degraded_latency_ms() default 2000;

    @AttributeDefinition(name = "Error rate threshold", description = "Share of broker-side failures (connectivity, throttling, protocol, unknown outcome, authentication) above which an account is DEGRADED", min = "0", max = "1")
    double error_rate_threshold() default 0.5;

    @AttributeDefinition(name = "Error rate window (s)", description = "The sliding window the error rate is measured over", min = "5", max = "3600")
    int error_rate_window_seconds() default 60;

    @AttributeDefinition(name = "Error rate minimum calls", description = "Fewer calls than this in the window never make an account DEGRADED", min = "1")
    int error_rate_min_calls() default 20;

    @AttributeDefinition(name = "Errors kept", description = "How many of the latest errors broker:errors can count over", min = "100", max = "1000000")
    int errors_kept() default 10000;

    @AttributeDefinition(name = "Orders require a risk check", description = "When true, an order (or a replace) is refused while no "
            + "pre-trade risk check is running (the risk bundle stopped, restarting or not installed) instead of being sent unchecked; "
            + "cancels and position closes still go. The shipped runtime sets it true; false suits a runtime without the risk feature")
    boolean orders_require_risk_check() default false;
}
