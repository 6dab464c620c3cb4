package io.multibroker.api;

import io.multibroker.api.error.ErrorCode;
import java.util.Objects;

/**
 * What an adapter says about its own health.
 *
 * @param status the state
 * @param reason why, in words; null when UP
 * @param code the error code behind a DOWN or DEGRADED state, or null
 */
public record HealthReport(HealthStatus status, String reason, ErrorCode code) {

    public HealthReport {
        Objects.requireNonNull(status, "status");
    }

    public static HealthReport up() {
        return new HealthReport(HealthStatus.UP, null, null);
    }

    public static HealthReport down(ErrorCode code, String reason) {
        return new HealthReport(HealthStatus.DOWN, reason, code);
    }
}
