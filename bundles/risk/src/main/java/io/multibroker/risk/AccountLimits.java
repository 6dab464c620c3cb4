package io.multibroker.risk;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One account's limits as a service: its configuration's properties are the service's, which the engine reads when it
 * binds the service and again when the configuration changes (DS updates the properties in place).
 */
@Component(service = AccountLimits.class, configurationPid = AccountLimits.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AccountRiskConfig.class, factory = true)
public final class AccountLimits {

    static final String FACTORY_PID = "io.multibroker.risk.account";
}
