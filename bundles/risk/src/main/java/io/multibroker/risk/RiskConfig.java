package io.multibroker.risk;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The global risk settings, PID {@code io.multibroker.risk} ({@code etc/io.multibroker.risk.cfg}). Every limit is
 * optional (empty or absent: no limit). Decimals are strings so that they stay exact ({@code BigDecimal}); they are
 * checked by {@link LimitsParser}, which refuses a value that is not a positive decimal.
 */
@ObjectClassDefinition(id = RiskEngine.PID, name = "Multibroker risk limits (global)",
        description = "Pre-trade limits every account is held to, the daily reset and how usage is followed")
@interface RiskConfig {

    @AttributeDefinition(name = "Max units per order", description = "Largest order quantity, on every account", required = false)
    String max_order_units() default "";

    @AttributeDefinition(name = "Max notional per order", description = "Largest order value (units times price) in the account's currency", required = false)
    String max_order_notional() default "";

    @AttributeDefinition(name = "Max position units", description = "Largest open position per instrument (net units, after the order)", required = false)
    String max_position_units() default "";

    @AttributeDefinition(name = "Max position notional", description = "Largest open position per instrument, valued at the last quote in the account's currency", required = false)
    String max_position_notional() default "";

    @AttributeDefinition(name = "Max open orders", description = "Working orders at most, over all accounts together (0: no limit)", min = "0", required = false)
    int max_open_orders() default 0;

    @AttributeDefinition(name = "Max orders per second", description = "Orders over all accounts in any sliding second (0: no limit)", min = "0", required = false)
    int max_orders_per_second() default 0;

    @AttributeDefinition(name = "Max orders per minute", description = "Orders over all accounts in any sliding minute (0: no limit)", min = "0", required = false)
    int max_orders_per_minute() default 0;

    @AttributeDefinition(name = "Max daily loss", description = "Largest fall of an account's net asset value (realised and unrealised) since the daily reset, in its currency", required = false)
    String max_daily_loss() default "";

    @AttributeDefinition(name = "Price collar (%)", description = "A limit or stop price further than this from the last quote is refused", required = false)
    String price_collar_percent() default "";

    @AttributeDefinition(name = "Instrument limits", description = "Per instrument: INSTRUMENT:key=value, key one of max.order.units, max.order.notional, max.position.units, max.position.notional", required = false)
    String[] instrument_limits() default {};

    @AttributeDefinition(name = "Daily loss action", description = "The state a daily-loss breach moves the account to",
            options = {@Option(label = "REDUCING", value = "REDUCING"), @Option(label = "HALTED", value = "HALTED")})
    String daily_loss_action() default "REDUCING";

    @AttributeDefinition(name = "Daily reset time", description = "When the trading day starts (HH:mm), in the zone below")
    String daily_reset_time() default "17:00";

    @AttributeDefinition(name = "Daily reset zone", description = "The time zone of the daily reset")
    String daily_reset_zone() default "America/New_York";

    @AttributeDefinition(name = "Usage refresh (s)", description = "How often positions, open orders and the account summary are read from each broker", min = "1", max = "3600")
    int usage_refresh_seconds() default 5;
}
