package io.multibroker.api.cluster;

import io.multibroker.api.error.ErrorDetail;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Which runtime drives each broker account when several share one database: one at a time, by a lease with a fencing
 * epoch, so that an account's rate limits, streams, orders and reconciliation stay in one place. A runtime alone (no
 * shared database) has no such service and drives every account.
 */
@ProviderType
public interface AccountOwnership {

    /**
     * Why this runtime must not send orders to the account now, or empty when it may: {@code ACCOUNT_NOT_OWNED} naming the
     * runtime that drives it, or saying that this runtime is still reconciling the account it has just taken over. On
     * every order's path: answers from memory.
     */
    Optional<ErrorDetail> refusal(String accountId);

    /**
     * Whether this runtime holds the account's lease (taking orders, or still reconciling the account it has just taken
     * over): only then does it reconcile the account or look up its unknown outcomes.
     */
    boolean heldHere(String accountId);

    /**
     * Inside a transaction of the shared database, before it commits what this runtime writes about the accounts: fails
     * unless this runtime still holds each account's lease at the epoch it took it with, and holds the leases until the
     * commit, so that a runtime that lost a lease without knowing (a long pause) cannot commit an order's intent, and so
     * cannot send it.
     */
    void fence(Connection connection, Collection<String> accountIds) throws SQLException;

    /** Every account's lease as the database has it now. */
    List<AccountLease> leases();

    /** This runtime's name among the runtimes sharing the database. */
    String runtimeId();

    /**
     * The account's lease as this runtime last saw it (renewed every few seconds), from memory; empty when this runtime
     * has not seen it yet. Where an order for an account driven elsewhere is forwarded to.
     *
     * @since 1.1
     */
    default Optional<AccountLease> lease(String accountId) {
        return Optional.empty();
    }
}
