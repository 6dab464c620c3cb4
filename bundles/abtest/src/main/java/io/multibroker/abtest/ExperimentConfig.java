package io.multibroker.abtest;

import io.multibroker.api.routing.ExperimentService;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One experiment: the schema Metatype publishes for {@code io.multibroker.abtest.experiment}, and the only place its keys,
 * types, options, ranges and defaults are written; {@link ExperimentKind} holds the rules a schema cannot express.
 */
@ObjectClassDefinition(id = ExperimentService.FACTORY_PID, name = "Order routing experiment",
        description = "Splits order flow between broker accounts by a stable hash of the client order id")
@interface ExperimentConfig {

    @AttributeDefinition(name = "Name", description = "Unique name of the experiment", required = true)
    String name();

    @AttributeDefinition(name = "Arms", description = "account=weight-in-percent, at least two, summing to exactly 100", cardinality = 20)
    String[] arms();

    @AttributeDefinition(name = "Salt", description = "Hashed with the client order id (default: the name)", required = false)
    String salt();

    @AttributeDefinition(name = "Instruments", description = "Only orders in these instruments take part (default: all)", required = false, cardinality = 100)
    String[] instruments();

    @AttributeDefinition(name = "Order types", description = "Only orders of these types take part (default: all)", required = false,
            cardinality = 6, options = {@Option(value = "MARKET"), @Option(value = "LIMIT"), @Option(value = "STOP"),
                    @Option(value = "MARKET_IF_TOUCHED"), @Option(value = "STOP_LIMIT"), @Option(value = "TRAILING_STOP")})
    String[] order_types();

    @AttributeDefinition(name = "Primary metric", description = "What decides the winner; effective_spread, price_improvement and "
            + "the markouts are measured per fill, limit_fill_ratio, limit_filled, time_to_fill and implementation_shortfall per limit order, by "
            + "execution quality (feature multibroker-quality)", options = {@Option(value = "latency"),
            @Option(value = "slippage"), @Option(value = "fill_rate"), @Option(value = "reject_rate"), @Option(value = "effective_spread"),
            @Option(value = "price_improvement"), @Option(value = "markout_1s"), @Option(value = "markout_5s"), @Option(value = "markout_60s"),
            @Option(value = "limit_fill_ratio"), @Option(value = "limit_filled"), @Option(value = "time_to_fill"),
            @Option(value = "implementation_shortfall")})
    String primary_metric() default "latency";

    @AttributeDefinition(name = "Guardrails", description = "Metrics that must not get significantly worse", required = false, cardinality = 13,
            options = {@Option(value = "latency"), @Option(value = "slippage"), @Option(value = "fill_rate"), @Option(value = "reject_rate"),
                    @Option(value = "effective_spread"), @Option(value = "price_improvement"), @Option(value = "markout_1s"),
                    @Option(value = "markout_5s"), @Option(value = "markout_60s"), @Option(value = "limit_fill_ratio"),
                    @Option(value = "limit_filled"), @Option(value = "time_to_fill"), @Option(value = "implementation_shortfall")})
    String[] guardrails();

    @AttributeDefinition(name = "Significance level", description = "Alpha of the tests", min = "0.0001", max = "0.5")
    double significance_level() default 0.05;

    @AttributeDefinition(name = "Minimum sample per arm", description = "Orders per arm before a verdict", min = "2")
    int minimum_sample_per_arm() default 100;

    @AttributeDefinition(name = "Automatic selection", description = "Promote a significant winner to 100 %")
    boolean auto_select() default false;

    @AttributeDefinition(name = "Allocation", description = "fixed weights, or a Thompson-sampling bandit", options = {
            @Option(value = "fixed"), @Option(value = "thompson")})
    String allocation() default "fixed";

    @AttributeDefinition(name = "Bandit floor", description = "With the thompson allocation, the share in percent every arm keeps at least",
            min = "0.01", max = "50")
    double bandit_floor() default 10;

    @AttributeDefinition(name = "Promoted arm", description = "Set by a promotion (abtest:promote or automatic selection)", required = false)
    String promoted();

    @AttributeDefinition(name = "Promoted at", description = "When the arm was promoted (ISO-8601)", required = false)
    String promoted_at();

    @AttributeDefinition(name = "Weights before promotion", description = "The arms as they were before the promotion", required = false,
            cardinality = 20)
    String[] weights_before_promotion();

    @AttributeDefinition(name = "Shadow arms", description = "Accounts that take no orders: for each order of a live arm their quote at "
            + "that moment is recorded (execution quality, feature multibroker-quality), and the report compares what they would "
            + "have paid with what the arms paid", required = false, cardinality = 20)
    String[] shadows();

    @AttributeDefinition(name = "Running", description = "false stops routing to the experiment (abtest:stop)")
    boolean running() default true;
}
