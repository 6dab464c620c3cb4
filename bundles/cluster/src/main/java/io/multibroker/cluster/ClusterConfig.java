package io.multibroker.cluster;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How this runtime shares accounts with the others on the database: PID {@code io.multibroker.cluster}. */
@ObjectClassDefinition(id = AccountLeases.PID, name = "Account ownership",
        description = "Runtimes sharing one PostgreSQL (dataSourceName=multibroker) each drive the accounts whose lease they hold")
@interface ClusterConfig {

    @AttributeDefinition(name = "Runtime id", description = "This runtime's name among those sharing the database; empty: "
            + "host name and installation directory")
    String runtime_id() default "";

    @AttributeDefinition(name = "API URL", description = "Where this runtime's HTTP API answers, named to callers whose order "
            + "went to another runtime (for example http://10.0.0.5:8181/api/v1)")
    String api_url() default "";

    @AttributeDefinition(name = "Lease (seconds)", description = "How long a lease lasts unless renewed: a runtime that dies "
            + "leaves its accounts to the others after this", min = "2", max = "300")
    int lease_seconds() default 10;

    @AttributeDefinition(name = "Renewal interval (ms)", description = "How often leases are renewed and free ones taken",
            min = "100", max = "60000")
    long renew_interval_ms() default 2_000;

    @AttributeDefinition(name = "Forward orders", description = "Send an order for an account another runtime drives to that "
            + "runtime's API (its owner runs the risk check, journals and sends it) instead of refusing it")
    boolean forward_orders() default true;

    @AttributeDefinition(name = "Cluster token", type = AttributeType.PASSWORD, description = "The credential every runtime "
            + "sharing the database is given (the same on each), presented to the owner's API when an order is forwarded "
            + "and admitted there with the trader role only; at least 32 characters. Give it as a reference resolved on "
            + "each host: $[secret:multibroker-cluster-token]")
    String cluster_token() default "";

    @AttributeDefinition(name = "Forwarding timeout (ms)", description = "How long a forwarded order's answer is waited for "
            + "before it is reported UNKNOWN (never resent); longer than the owner's own 30 s wait for its broker",
            min = "1000", max = "300000")
    long forward_timeout_ms() default 35_000;

    @AttributeDefinition(name = "Forwarding connect timeout (ms)", description = "How long a connection to the owner's API "
            + "is tried: an order whose connection failed was not sent", min = "100", max = "60000")
    long forward_connect_timeout_ms() default 2_000;
}
