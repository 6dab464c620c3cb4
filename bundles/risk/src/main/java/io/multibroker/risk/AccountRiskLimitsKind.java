package io.multibroker.risk;

import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.FactoryKind;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * One account's risk limits (factory {@code io.multibroker.risk.account}, schema {@link AccountRiskConfig}) as a kind of
 * configuration, named {@code risk-account:<account>} in the history and exports.
 */
@Component(service = ConfigurationKind.class)
public final class AccountRiskLimitsKind extends FactoryKind {

    static final String ID = "risk-account";
    /** An account's configuration is named this and the account's id in the history, exports and the guard's refusals. */
    static final String SUBJECT_PREFIX = ID + ":";

    public AccountRiskLimitsKind() {
        super(ID, AccountLimits.FACTORY_PID, "account.id");
    }

    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        return RiskKinds.violations(properties, true);
    }
}
