package io.multibroker.api.config;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import java.util.List;
import java.util.stream.Collectors;

/** A configuration was refused; every violation is named. Nothing was changed. */
public class InvalidConfigurationException extends StandardBrokerError {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigurationViolation> violations;

    public InvalidConfigurationException(String subject, List<ConfigurationViolation> violations) {
        super(ErrorDetail.of(ErrorCode.CONFIGURATION_INVALID, "invalid configuration of " + subject + ": "
                + violations.stream().map(ConfigurationViolation::toString).collect(Collectors.joining("; "))));
        this.violations = List.copyOf(violations);
    }

    public List<ConfigurationViolation> violations() {
        return violations;
    }
}
