package io.multibroker.risk;

import io.multibroker.api.config.ConfigurationViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rules of the risk configurations that Metatype cannot express, as the configuration guard wants them. */
final class RiskKinds {

    private RiskKinds() {
    }

    static List<ConfigurationViolation> violations(Map<String, Object> properties, boolean account) {
        List<String> found = new ArrayList<>(LimitsParser.parse(properties, account).violations());
        if (!account) {
            LimitsParser.schedule(properties, found);
        }
        return found.stream().map(RiskKinds::violation).toList();
    }

    /** A violation as the parser words it, {@code key=value: rule}, taken apart. */
    private static ConfigurationViolation violation(String text) {
        int colon = text.indexOf(": ");
        String left = colon < 0 ? text : text.substring(0, colon);
        String rule = colon < 0 ? "invalid" : text.substring(colon + 2);
        int equals = left.indexOf('=');
        return equals < 0 ? new ConfigurationViolation(left, null, rule)
                : new ConfigurationViolation(left.substring(0, equals), left.substring(equals + 1), rule);
    }
}
