package io.multibroker.risk;

import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationViolation;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * One account's risk limits (factory {@code io.multibroker.risk.account}, schema {@link AccountRiskConfig}) as a kind of
 * configuration, named {@code risk-account:<account>} in the history and exports.
 */
@Component(service = ConfigurationKind.class)
public final class AccountRiskLimitsKind implements ConfigurationKind {

    @Override
    public String id() {
        return "risk-account";
    }

    @Override
    public String pid() {
        return AccountLimits.FACTORY_PID;
    }

    @Override
    public boolean factory() {
        return true;
    }

    @Override
    public String nameKey() {
        return "account.id";
    }

    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        return RiskKinds.violations(properties, true);
    }
}
