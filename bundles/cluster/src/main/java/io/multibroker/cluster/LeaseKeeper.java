package io.multibroker.cluster;

import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.cluster.LeaseTable.Lease;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this runtime knows of the accounts' leases, renewed by {@link #renew} rounds: which it holds (and at which epoch),
 * which of those it has reconciled since it took them, and which runtime holds the others. Answers on the order path
 * from memory; a lease this runtime could not renew counts as lost once it would have lapsed.
 */
final class LeaseKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    /** What is known of one account. */
    private record Known(Lease lease, boolean here, boolean ready, long validUntilNanos) {
    }

    private final LeaseTable table;
    private final String runtime;
    private final String url;
    private final int leaseSeconds;
    private final LongSupplier nanoTime;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    LeaseKeeper(LeaseTable table, String runtime, String url, int leaseSeconds, LongSupplier nanoTime) {
        this.table = table;
        this.runtime = runtime;
        this.url = url;
        this.leaseSeconds = leaseSeconds;
        this.nanoTime = nanoTime;
    }

    String runtime() {
        return runtime;
    }

    /**
     * One round: renews the leases this runtime holds and takes the free or lapsed ones of the accounts; returns the
     * accounts it holds and has not reconciled yet (just taken, or not reconciled in an earlier round).
     */
    List<String> renew(Collection<String> accounts) {
        List<String> toReconcile = new ArrayList<>();
        for (String account : accounts) {
            long started = nanoTime.getAsLong();
            try {
                Lease lease = table.acquire(account, runtime, url, leaseSeconds);
                boolean here = runtime.equals(lease.owner());
                Known before = known.get(account);
                boolean sameHolding = before != null && before.here() && before.lease().epoch() == lease.epoch() && here;
                boolean ready = sameHolding && before.ready();
                // valid from when the renewal was asked for, not answered: the database's lapse is counted from no earlier
                known.put(account, new Known(lease, here, ready, started + leaseSeconds * 1_000_000_000L));
                if (here && !sameHolding) {
                    LOG.info("this runtime ({}) took the lease of {} at epoch {}: reconciling it before it takes orders", runtime,
                            account, lease.epoch());
                } else if (!here && before != null && before.here()) {
                    LOG.warn("runtime {} holds the lease of {} now (epoch {}): this runtime no longer drives it", lease.owner(),
                            account, lease.epoch());
                }
                if (here && !ready) {
                    toReconcile.add(account);
                }
            } catch (SQLException e) {
                LOG.warn("the lease of {} could not be renewed: {}", account, e.getMessage());
            }
        }
        known.keySet().retainAll(Set.copyOf(accounts));
        return toReconcile;
    }

    /** The account, taken at this epoch, has been reconciled: it takes orders (unless the lease changed meanwhile). */
    void reconciled(String account, long epoch) {
        known.computeIfPresent(account, (name, state) -> state.here() && state.lease().epoch() == epoch
                ? new Known(state.lease(), true, true, state.validUntilNanos()) : state);
    }

    long epoch(String account) {
        Known state = known.get(account);
        return state == null ? 0 : state.lease().epoch();
    }

    /** The account's lease as the last round saw it, from memory; empty before a round has seen it. */
    Optional<AccountLease> lease(String account) {
        Known state = known.get(account);
        if (state == null) {
            return Optional.empty();
        }
        Lease lease = state.lease();
        return Optional.of(new AccountLease(account, lease.owner(), lease.ownerUrl(), lease.epoch(), lease.expiresAt(), state.here(),
                state.here() && state.ready() && nanoTime.getAsLong() < state.validUntilNanos()));
    }

    boolean heldHere(String account) {
        Known state = known.get(account);
        return state != null && state.here() && nanoTime.getAsLong() < state.validUntilNanos();
    }

    Optional<ErrorDetail> refusal(String account) {
        Known state = known.get(account);
        if (state == null) {
            return refuse("account " + account + " has no owner yet among the runtimes sharing the database: its lease is being "
                    + "taken; try again in a moment");
        }
        if (!state.here()) {
            String where = state.lease().ownerUrl().isEmpty() ? "" : " (" + state.lease().ownerUrl() + ")";
            return refuse("account " + account + " is driven by runtime " + state.lease().owner() + where
                    + "; send its orders there. Nothing was sent");
        }
        if (nanoTime.getAsLong() >= state.validUntilNanos()) {
            return refuse("this runtime (" + runtime + ") could not renew the lease of " + account + " in time (is the database "
                    + "reachable?): it no longer drives the account. Nothing was sent");
        }
        if (!state.ready()) {
            return refuse("this runtime (" + runtime + ") has just taken over account " + account + " and is reconciling its open "
                    + "and unknown orders with the broker; try again in a moment. Nothing was sent");
        }
        return Optional.empty();
    }

    private static Optional<ErrorDetail> refuse(String message) {
        return Optional.of(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_OWNED, message));
    }

    /** See {@link AccountOwnership#fence}. */
    void fence(Connection connection, Collection<String> accounts) throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        Map<String, Lease> leases = LeaseTable.lockShared(connection, accounts);
        for (String account : accounts) {
            Lease lease = leases.get(account);
            long held = epoch(account);
            if (lease == null || !runtime.equals(lease.owner()) || lease.epoch() != held || !heldHere(account)) {
                throw new SQLException("fenced: this runtime (" + runtime + ", epoch " + held + ") no longer holds the lease of "
                        + account + (lease == null ? "" : "; runtime " + lease.owner() + " does, at epoch " + lease.epoch())
                        + ". Nothing was committed");
            }
        }
    }

    /** Lets every lease this runtime holds lapse now (a clean stop). */
    void releaseAll() {
        known.forEach((account, state) -> {
            if (state.here()) {
                try {
                    table.release(account, runtime);
                } catch (SQLException e) {
                    LOG.warn("the lease of {} was not released (it lapses by itself): {}", account, e.getMessage());
                }
            }
        });
        known.clear();
    }

    List<AccountLease> leases() throws SQLException {
        List<AccountLease> leases = new ArrayList<>();
        for (Lease lease : table.all()) {
            Known state = known.get(lease.account());
            boolean here = runtime.equals(lease.owner());
            leases.add(new AccountLease(lease.account(), lease.owner(), lease.ownerUrl(), lease.epoch(), lease.expiresAt(), here,
                    here && state != null && state.ready() && refusal(lease.account()).isEmpty()));
        }
        return leases;
    }
}
