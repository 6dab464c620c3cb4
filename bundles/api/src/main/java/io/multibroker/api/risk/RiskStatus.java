package io.multibroker.api.risk;

import java.time.Instant;
import java.util.List;

/**
 * The risk standing of one account, or of the whole runtime.
 *
 * @param accountId the account, or null for the global scope
 * @param state its own trading state (an account's state in force is the stricter of this and the global one)
 * @param reason why it is in that state, or null when ACTIVE since the start
 * @param by who set the state (a user, or {@code risk} when a limit did), or null
 * @param since when it was set, or null
 * @param limits every limit in force with its usage and headroom
 * @param problems what is wrong with the scope's limits (an invalid configuration refuses every order), empty when nothing
 */
public record RiskStatus(String accountId, TradingState state, String reason, String by, Instant since, List<LimitUsage> limits,
        List<String> problems) {

    public RiskStatus {
        limits = List.copyOf(limits);
        problems = List.copyOf(problems);
    }
}
