package io.multibroker.registry;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.model.UnifiedOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which active accounts can take an order, in little more than the time it takes to read their health.
 *
 * <p>Whether an account's capabilities refuse an order depends on the capabilities' value and the order alone, so
 * accounts whose capabilities are equal give one answer: the capability check runs once per group of equal
 * capabilities and order, not once per account. A runtime with a thousand accounts of a few broker types then makes a
 * few checks an order instead of a thousand (BENCHMARKS.md: about 92 ns an account before).
 *
 * <p>A snapshot, built when accounts come or go. An adapter may hand out new capabilities at any time (instruments
 * re-read, a market session that opened): an account whose capabilities are not the very object it was indexed with is
 * judged on its own, and reported so that the caller can index it again.
 */
final class EligibilityIndex {

    static final EligibilityIndex EMPTY = of(List.of());

    private static final byte UNJUDGED = 0;
    private static final byte TAKES = 1;
    private static final byte REFUSES = 2;

    /** The active accounts, by id. */
    private final AccountEntry[] accounts;
    /** Each account's capabilities when it was indexed; null when they could not be read then. */
    private final BrokerCapabilities[] indexed;
    /** Each account's group: the index of its capabilities' value in {@link #groups}. */
    private final int[] groupOf;
    /** One capabilities value per group. */
    private final BrokerCapabilities[] groups;
    private final Map<BrokerCapabilities, Integer> groupIds;

    private EligibilityIndex(AccountEntry[] accounts, BrokerCapabilities[] indexed, int[] groupOf,
            Map<BrokerCapabilities, Integer> groupIds) {
        this.accounts = accounts;
        this.indexed = indexed;
        this.groupOf = groupOf;
        this.groupIds = groupIds;
        this.groups = new BrokerCapabilities[groupIds.size()];
        groupIds.forEach((capabilities, group) -> groups[group] = capabilities);
    }

    /** The index of these accounts, given by id. */
    static EligibilityIndex of(List<AccountEntry> accountsById) {
        AccountEntry[] accounts = accountsById.toArray(new AccountEntry[0]);
        BrokerCapabilities[] indexed = new BrokerCapabilities[accounts.length];
        int[] groupOf = new int[accounts.length];
        Map<BrokerCapabilities, Integer> groupIds = new HashMap<>();
        for (int i = 0; i < accounts.length; i++) {
            indexed[i] = capabilitiesOf(accounts[i]);
            groupOf[i] = indexed[i] == null ? -1 : groupIds.computeIfAbsent(indexed[i], value -> groupIds.size());
        }
        return new EligibilityIndex(accounts, indexed, groupOf, groupIds);
    }

    /**
     * The accounts that can take the order now, by id: routable health and capabilities that do not refuse it. The
     * positions of accounts judged on their own because their capabilities changed since they were indexed are added
     * to {@code changed}.
     */
    List<BrokerAccount> eligible(UnifiedOrder order, List<Integer> changed) {
        byte[] verdicts = new byte[groups.length];
        List<BrokerAccount> eligible = new ArrayList<>(accounts.length);
        for (int i = 0; i < accounts.length; i++) {
            AccountEntry account = accounts[i];
            if (!account.routable()) {
                continue;
            }
            BrokerCapabilities capabilities = account.capabilities();
            if (capabilities != indexed[i]) {
                changed.add(i);
                if (capabilities.refusal(order).isEmpty()) {
                    eligible.add(account);
                }
                continue;
            }
            int group = groupOf[i];
            byte verdict = verdicts[group];
            if (verdict == UNJUDGED) {
                verdict = groups[group].refusal(order).isEmpty() ? TAKES : REFUSES;
                verdicts[group] = verdict;
            }
            if (verdict == TAKES) {
                eligible.add(account);
            }
        }
        return eligible;
    }

    /** This index with the accounts at these positions indexed again with the capabilities they have now. */
    EligibilityIndex reindexed(List<Integer> positions) {
        BrokerCapabilities[] nowIndexed = indexed.clone();
        int[] nowGroupOf = groupOf.clone();
        Map<BrokerCapabilities, Integer> nowGroupIds = new HashMap<>(groupIds);
        for (int position : positions) {
            nowIndexed[position] = capabilitiesOf(accounts[position]);
            nowGroupOf[position] = nowIndexed[position] == null ? -1
                    : nowGroupIds.computeIfAbsent(nowIndexed[position], value -> nowGroupIds.size());
        }
        return new EligibilityIndex(accounts, nowIndexed, nowGroupOf, nowGroupIds);
    }

    /** How many distinct capabilities values the accounts have (for tests and benchmarks). */
    int groups() {
        return groups.length;
    }

    /** The account's capabilities, or null when its adapter fails to give them (it is then judged on every order). */
    private static BrokerCapabilities capabilitiesOf(BrokerAccount account) {
        try {
            return account.capabilities();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
