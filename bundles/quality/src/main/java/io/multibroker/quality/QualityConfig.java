package io.multibroker.quality;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Execution quality: PID {@code io.multibroker.quality}. */
@ObjectClassDefinition(id = ExecutionQualityService.PID, name = "Execution quality",
        description = "Effective spread, price improvement and markouts of every fill against a reference price stream")
@interface QualityConfig {

    @AttributeDefinition(name = "DataSource filter", description = "Which DataSource service keeps the fill_quality table; "
            + "none found means the embedded database")
    String dataSource_target() default "(dataSourceName=multibroker)";

    @AttributeDefinition(name = "Embedded database file", description = "Used when no DataSource matches; relative to karaf.data")
    String embedded_path() default "multibroker/quality";

    @AttributeDefinition(name = "Experiment reference accounts", description = "experiment=account: every arm of the experiment is "
            + "judged against that account's prices (default: each fill against its own account's)", required = false, cardinality = 100)
    String[] experiment_references();

    @AttributeDefinition(name = "Instruments followed from the start", description = "Every account's prices of these instruments "
            + "are followed from its start, so that its first order has an arrival quote; others from the account's first order in them",
            required = false, cardinality = 100)
    String[] watch_instruments();

    @AttributeDefinition(name = "Maximum quote age (ms)", description = "A reference price older than this does not stand for a "
            + "later moment: no figure rather than one from a silent stream", min = "1", max = "3600000")
    int max_quote_age_ms() default 5000;

    @AttributeDefinition(name = "Markout grace (ms)", description = "A markout is taken this long after its horizon, so that the "
            + "prices of that moment still on their way count", min = "0", max = "60000")
    int settle_grace_ms() default 500;

    @AttributeDefinition(name = "Pending markouts", description = "Fills whose markouts may wait at once; beyond, a fill's markouts "
            + "are skipped (bounded memory)", min = "1", max = "10000000")
    int max_pending() default 100_000;

    @AttributeDefinition(name = "Event queue", description = "Order events waiting for the recorder at most; beyond, events are "
            + "dropped and counted, never waited for", min = "1", max = "10000000")
    int queue_capacity() default 20_000;

    @AttributeDefinition(name = "Prices kept per stream", description = "The ring of recent reference prices of one account and "
            + "instrument: it must cover the longest horizon (60 s) plus the grace", min = "2", max = "1000000")
    int history_ticks() default 4096;

    @AttributeDefinition(name = "Implementation shortfall horizon (s)", description = "A limit order's unfilled part costs what the "
            + "reference mid moved against it from its submission to this long after; the stream's kept prices must reach back that "
            + "far for an order that ends later", min = "1", max = "86400")
    int shortfall_horizon_seconds() default 60;

    @AttributeDefinition(name = "Recording interval (ms)", description = "How often queued fills are recorded and due markouts taken",
            min = "10", max = "10000")
    int drain_interval_ms() default 100;
}
