package io.multibroker.abtest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where experiment outcomes are kept: PID {@code io.multibroker.abtest.outcomes}. */
@ObjectClassDefinition(id = OutcomeStore.PID, name = "Experiment outcome store",
        description = "A JDBC DataSource service (PostgreSQL, ...) chosen by filter, or by default an embedded H2 file under karaf.data")
@interface OutcomeStoreConfig {

    @AttributeDefinition(name = "DataSource filter", description = "Which DataSource service to use, for example "
            + "(dataSourceName=multibroker) from etc/org.ops4j.datasource-multibroker.cfg; none found means the embedded database")
    String dataSource_target() default "(dataSourceName=multibroker)";

    @AttributeDefinition(name = "Embedded database file", description = "Used when no DataSource matches; relative to karaf.data")
    String embedded_path() default "multibroker/outcomes";
}
