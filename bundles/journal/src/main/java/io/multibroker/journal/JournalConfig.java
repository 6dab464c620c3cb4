package io.multibroker.journal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The order journal's settings: PID {@code io.multibroker.journal}. */
@ObjectClassDefinition(id = OrderJournalImpl.PID, name = "Order journal",
        description = "Where orders are journalled (a JDBC DataSource chosen by filter, or by default an embedded H2 file under "
                + "karaf.data), and how long an unknown outcome is checked again")
@interface JournalConfig {

    @AttributeDefinition(name = "DataSource filter", description = "Which DataSource service to use, for example "
            + "(dataSourceName=multibroker) from etc/org.ops4j.datasource-multibroker.cfg; none found means "
            + "the embedded database")
    String dataSource_target() default "(dataSourceName=multibroker)";

    @AttributeDefinition(name = "Embedded database file", description = "Used when no DataSource matches; relative to karaf.data")
    String embedded_path() default "multibroker/journal";

    @AttributeDefinition(name = "Unknown outcome horizon (hours)", description = "How long an order whose outcome is unknown is "
            + "looked up again in the background before it is listed for the operator", min = "1", max = "720")
    int unknown_horizon_hours() default 24;

    @AttributeDefinition(name = "First re-check (ms)", description = "The first background lookup of an unknown outcome comes "
            + "after this; each later one after twice the previous wait, up to the longest wait", min = "100", max = "600000")
    long unknown_first_check_ms() default 1_000;

    @AttributeDefinition(name = "Longest wait between re-checks (ms)", min = "1000", max = "3600000")
    long unknown_max_wait_ms() default 300_000;

    @AttributeDefinition(name = "Reconciliation call timeout (ms)", description = "How long one lookup of a reconciliation may take",
            min = "100", max = "600000")
    long reconcile_call_timeout_ms() default 15_000;
}
