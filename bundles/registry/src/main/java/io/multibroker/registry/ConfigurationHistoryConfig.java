package io.multibroker.registry;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the configuration history is kept: PID {@code io.multibroker.confighistory}. */
@ObjectClassDefinition(id = ConfigurationHistoryImpl.PID, name = "Configuration history",
        description = "Where broker:config-history, config-diff and rollback read versions from: the shared DataSource, so that "
                + "every runtime on one PostgreSQL shows the same versions, or the embedded database")
@interface ConfigurationHistoryConfig {

    @AttributeDefinition(name = "DataSource filter", description = "Which DataSource service keeps the configuration versions; "
            + "none found means the embedded database")
    String dataSource_target() default "(dataSourceName=multibroker)";

    @AttributeDefinition(name = "Embedded database file", description = "Used when no DataSource matches; relative to karaf.data")
    String embedded_path() default "multibroker/confighistory";
}
