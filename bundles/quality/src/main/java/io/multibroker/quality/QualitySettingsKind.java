package io.multibroker.quality;

import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.SingletonKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Execution quality's settings ({@code etc/io.multibroker.quality.cfg}, schema {@link QualityConfig}) as a kind of
 * configuration: checked against the schema's ranges and the rules below wherever they enter, and guarded like any other
 * (an invalid edit leaves the last valid settings in force, naming the key, the value and the rule); not versioned.
 */
@Component(service = ConfigurationKind.class)
public final class QualitySettingsKind extends SingletonKind {

    public QualitySettingsKind() {
        super("quality", ExecutionQualityService.PID);
    }

    @Override
    public boolean versioned() {
        return false;
    }

    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        Object horizon = properties.get("shortfall.horizon.seconds");
        if (horizon != null) {
            String text = horizon.toString().trim();
            try {
                long seconds = Long.parseLong(text);
                if (seconds < 1 || seconds > ExecutionQualityService.MAX_SHORTFALL_HORIZON_SECONDS) {
                    violations.add(horizonViolation(text));
                }
            } catch (NumberFormatException e) {
                violations.add(horizonViolation(text));
            }
        }
        Object references = properties.get("experiment.references");
        for (String entry : ExecutionQualityService.list(references)) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                violations.add(new ConfigurationViolation("experiment.references", entry, "must be experiment=account"));
            }
        }
        return violations;
    }

    private static ConfigurationViolation horizonViolation(String value) {
        return new ConfigurationViolation("shortfall.horizon.seconds", value,
                "must be a whole number of seconds from 1 to " + ExecutionQualityService.MAX_SHORTFALL_HORIZON_SECONDS);
    }
}
