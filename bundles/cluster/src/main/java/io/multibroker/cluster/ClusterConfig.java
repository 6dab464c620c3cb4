package io.multibroker.cluster;

import org.osgi.service.metatype.annotations.AttributeDefinition;
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
}
