package io.multibroker.api;

import io.multibroker.api.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;

/**
 * The registry's view of an account's health after its last check.
 *
 * @param status the state
 * @param reason why, in words; null when UP
 * @param code the error code behind the state, or null
 * @param lastCheckLatency how long the last health check took, or null before the first one
 * @param checkedAt when the state was last established
 */
public record AccountHealth(HealthStatus status, String reason, ErrorCode code, Duration lastCheckLatency,
        Instant checkedAt) {
}
