package io.multibroker.api.capability;

import java.time.Instant;

/**
 * A change in what an account offers, as the registry noticed it.
 *
 * @param at when it was noticed
 * @param accountId the account
 * @param trigger what made the registry look: {@code connect} (including after a reconfiguration or
 *        redeploy) or {@code refresh} (the periodic check)
 * @param diff what was added, removed or changed
 */
public record CapabilityChange(Instant at, String accountId, String trigger, CapabilityDiff diff) {
}
