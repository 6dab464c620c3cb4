package io.multibroker.risk;

import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.SingletonKind;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The global risk limits ({@code etc/io.multibroker.risk.cfg}, schema {@link RiskConfig}) as a kind of configuration:
 * validated, versioned, exported and guarded like every other.
 */
@Component(service = ConfigurationKind.class)
public final class RiskLimitsKind extends SingletonKind {

    /** Its name in the history, exports and the guard's refusals. */
    static final String SUBJECT = "risk";

    public RiskLimitsKind() {
        super(SUBJECT, RiskEngine.PID);
    }

    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        return RiskKinds.violations(properties, false);
    }
}
