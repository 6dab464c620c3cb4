package io.multibroker.api.journal;

import java.time.Instant;
import java.util.List;

/**
 * What a reconciliation of one account found.
 *
 * @param accountId the account
 * @param checked how many of the journal's open and unknown orders were looked up at the broker
 * @param changed the client order ids whose state the broker's records changed
 * @param adopted the broker ids of open orders the broker had and the journal did not (now journalled, flagged)
 * @param stillUnknown the client order ids whose outcome is still unknown (the background check goes on)
 * @param problems what could not be checked, and why (a lookup that failed, a broker that lists no open orders)
 * @param startedAt when it started
 * @param finishedAt when it finished
 */
public record ReconciliationReport(String accountId, int checked, List<String> changed, List<String> adopted,
        List<String> stillUnknown, List<String> problems, Instant startedAt, Instant finishedAt) {

    public ReconciliationReport {
        changed = List.copyOf(changed);
        adopted = List.copyOf(adopted);
        stillUnknown = List.copyOf(stillUnknown);
        problems = List.copyOf(problems);
    }
}
