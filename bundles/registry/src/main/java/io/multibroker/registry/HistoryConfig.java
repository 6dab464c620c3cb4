package io.multibroker.registry;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The capability and error history: PID {@code io.multibroker.history}. */
@ObjectClassDefinition(id = SharedRegistryHistory.PID, name = "Capability and error history",
        description = "Where broker:capabilities and broker:errors read from: the shared DataSource, so that every runtime on one "
                + "PostgreSQL sees one history, or the embedded database")
@interface HistoryConfig {

    @AttributeDefinition(name = "DataSource filter", description = "Which DataSource service keeps the history tables; "
            + "none found means the embedded database")
    String dataSource_target() default "(dataSourceName=multibroker)";

    @AttributeDefinition(name = "Embedded database file", description = "Used when no DataSource matches; relative to karaf.data")
    String embedded_path() default "multibroker/history";

    @AttributeDefinition(name = "Errors kept", description = "The latest errors of all accounts and runtimes kept; older ones are "
            + "deleted", min = "100", max = "10000000")
    int errors_kept() default 10_000;

    @AttributeDefinition(name = "Capability changes kept per account", description = "The latest changes of each account kept; "
            + "older ones are deleted", min = "1", max = "100000")
    int capability_changes_kept() default 200;

    @AttributeDefinition(name = "Write queue", description = "Records waiting for the database at most; beyond, a record is "
            + "dropped and counted (the log still has it), never waited for", min = "1", max = "10000000")
    int queue_capacity() default 10_000;
}
