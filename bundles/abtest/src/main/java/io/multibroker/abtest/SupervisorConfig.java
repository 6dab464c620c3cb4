package io.multibroker.abtest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = ExperimentSupervisor.PID, name = "Experiment supervisor",
        description = "Updates bandit allocations and promotes significant winners of experiments with automatic selection")
@interface SupervisorConfig {

    @AttributeDefinition(name = "Interval", description = "Seconds between two looks at the experiments' outcomes", min = "1", max = "3600")
    int interval_seconds() default 2;
}
