package io.multibroker.registry;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.UnifiedOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts registered now. Every adapter registered for an account id is kept, first come first served: the first is
 * the active account, any other a conflict that takes its place when the first goes. Also which accounts can take an order.
 */
final class AccountTable {

    private static final Logger LOG = LoggerFactory.getLogger(AccountTable.class);

    /** What removing an adapter changed: whether it was the active one, and the one active now (a conflict that moved up). */
    record Removal(boolean wasActive, Optional<AccountEntry> nowActive) {
    }

    private final Map<String, List<AccountEntry>> accounts = new ConcurrentHashMap<>();
    /**
     * The active accounts sorted by id, rebuilt when an account comes or goes rather than on every lookup: routing asks for
     * eligible accounts per order, and sorting them each time made the lookup grow faster than the number of accounts
     * (BENCHMARKS.md).
     */
    private volatile List<BrokerAccount> sorted = List.of();
    /** Which of them can take an order, rebuilt with them; set only through compareAndSet once built. */
    private final AtomicReference<EligibilityIndex> eligibility = new AtomicReference<>(EligibilityIndex.EMPTY);
    private final List<String> conflicts = new CopyOnWriteArrayList<>();

    /** Adds an adapter's entry; true when it is the account's active entry, false when another came first. */
    boolean add(AccountEntry entry) {
        List<AccountEntry> registered = accounts.computeIfAbsent(entry.accountId(), id -> new CopyOnWriteArrayList<>());
        registered.add(entry);
        resort();
        if (registered.get(0) == entry) {
            return true;
        }
        String conflict = "account " + entry.accountId() + " is configured twice (" + registered.get(0).brokerType() + " and "
                + entry.brokerType() + "): the second is ignored until the first is removed";
        conflicts.add(conflict);
        LOG.error(conflict);
        return false;
    }

    /** Removes the entries of this adapter service, each handed to {@code stopped} first. */
    Removal remove(String accountId, long serviceId, Consumer<AccountEntry> stopped) {
        List<AccountEntry> registered = accounts.get(accountId);
        if (registered == null) {
            return new Removal(false, Optional.empty());
        }
        boolean wasActive = !registered.isEmpty() && registered.get(0).serviceId == serviceId;
        registered.stream().filter(e -> e.serviceId == serviceId).forEach(stopped);
        registered.removeIf(e -> e.serviceId == serviceId);
        if (registered.isEmpty()) {
            accounts.remove(accountId, registered);
        }
        resort();
        if (!wasActive || registered.isEmpty()) {
            return new Removal(wasActive, Optional.empty());
        }
        conflicts.removeIf(c -> c.startsWith("account " + accountId + " "));
        return new Removal(true, Optional.of(registered.get(0)));
    }

    private synchronized void resort() {
        List<AccountEntry> all = new ArrayList<>();
        accounts.values().forEach(list -> {
            if (!list.isEmpty()) {
                all.add(list.get(0));
            }
        });
        all.sort(Comparator.comparing(BrokerAccount::accountId));
        sorted = List.copyOf(all);
        eligibility.set(EligibilityIndex.of(all));
    }

    /** The active accounts, by id. */
    List<BrokerAccount> accounts() {
        return sorted;
    }

    /** Every entry, active or not. */
    List<AccountEntry> entries() {
        List<AccountEntry> all = new ArrayList<>();
        accounts.values().forEach(all::addAll);
        return all;
    }

    Optional<AccountEntry> account(String accountId) {
        List<AccountEntry> registered = accounts.get(accountId);
        return registered == null || registered.isEmpty() ? Optional.empty() : Optional.of(registered.get(0));
    }

    /** Whether the entry is its account's active one (an entry that was removed or is a conflict is not). */
    boolean isActive(AccountEntry entry) {
        return account(entry.accountId()).map(active -> active == entry).orElse(false);
    }

    List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    /** Why the account cannot take the order, or empty when it can. */
    Optional<ErrorDetail> refusal(String accountId, UnifiedOrder order) {
        return account(accountId).map(account -> refusal(account, order))
                .orElseGet(() -> Optional.of(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + accountId + " is registered")));
    }

    /** The active accounts that can take the order now, by id. */
    List<BrokerAccount> eligible(UnifiedOrder order) {
        EligibilityIndex index = eligibility.get();
        List<Integer> changed = new ArrayList<>(0);
        List<BrokerAccount> eligible = index.eligible(order, changed);
        if (!changed.isEmpty()) {
            // lost when accounts came or went meanwhile: the index built then has every account's capabilities now
            eligibility.compareAndSet(index, index.reindexed(changed));
        }
        return eligible;
    }

    /** Why each active account that cannot take the order now cannot, by id. */
    Map<String, ErrorDetail> ineligible(UnifiedOrder order) {
        Map<String, ErrorDetail> reasons = new LinkedHashMap<>();
        for (BrokerAccount account : sorted) {
            refusal(account, order).ifPresent(reason -> reasons.put(account.accountId(), reason));
        }
        return reasons;
    }

    static Optional<ErrorDetail> refusal(BrokerAccount account, UnifiedOrder order) {
        AccountHealth health = account.health();
        if (!health.status().routable()) {
            return Optional.of(ErrorDetail.of(ErrorCode.BROKER_UNAVAILABLE, "account " + account.accountId() + " is "
                    + health.status() + (health.reason() == null ? "" : ": " + health.reason())));
        }
        return account.capabilities().refusal(order);
    }
}
