package io.multibroker.risk;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One account's own limits, factory PID {@code io.multibroker.risk.account}
 * ({@code etc/io.multibroker.risk.account-<name>.cfg}), held in addition to the global ones: an order must pass both.
 */
@ObjectClassDefinition(id = AccountLimits.FACTORY_PID, name = "Multibroker risk limits (account)",
        description = "Pre-trade limits of one account, in addition to the global ones")
@interface AccountRiskConfig {

    @AttributeDefinition(name = "Account", description = "The account these limits hold for")
    String account_id();

    @AttributeDefinition(name = "Max units per order", required = false)
    String max_order_units() default "";

    @AttributeDefinition(name = "Max notional per order", description = "In the account's currency", required = false)
    String max_order_notional() default "";

    @AttributeDefinition(name = "Max position units", description = "Per instrument, net units after the order", required = false)
    String max_position_units() default "";

    @AttributeDefinition(name = "Max position notional", description = "Per instrument, at the last quote, in the account's currency", required = false)
    String max_position_notional() default "";

    @AttributeDefinition(name = "Max open orders", description = "0: no limit", min = "0", required = false)
    int max_open_orders() default 0;

    @AttributeDefinition(name = "Max orders per second", description = "0: no limit", min = "0", required = false)
    int max_orders_per_second() default 0;

    @AttributeDefinition(name = "Max orders per minute", description = "0: no limit", min = "0", required = false)
    int max_orders_per_minute() default 0;

    @AttributeDefinition(name = "Max daily loss", description = "In the account's currency", required = false)
    String max_daily_loss() default "";

    @AttributeDefinition(name = "Price collar (%)", required = false)
    String price_collar_percent() default "";

    @AttributeDefinition(name = "Instrument limits", description = "INSTRUMENT:key=value", required = false)
    String[] instrument_limits() default {};

    @AttributeDefinition(name = "Daily loss action", description = "Empty: the global setting", required = false,
            options = {@Option(label = "global setting", value = ""), @Option(label = "REDUCING", value = "REDUCING"),
                    @Option(label = "HALTED", value = "HALTED")})
    String daily_loss_action() default "";
}
