package io.multibroker.api;

import io.multibroker.api.error.ErrorCode;
import java.time.Instant;

/**
 * A change of an account's health status, as the registry established it.
 *
 * @param at when
 * @param accountId the account
 * @param from the status before
 * @param to the status after
 * @param reason why, in words; null when UP
 * @param code the error code behind the new status, or null
 */
public record HealthChange(Instant at, String accountId, HealthStatus from, HealthStatus to, String reason, ErrorCode code) {
}
