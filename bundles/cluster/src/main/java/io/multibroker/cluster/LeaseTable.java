package io.multibroker.cluster;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code account_lease} table of the shared PostgreSQL. Times are the database's own ({@code CURRENT_TIMESTAMP}),
 * so that the runtimes' clocks need not agree.
 */
final class LeaseTable {

    /** One account's lease as the database has it. */
    record Lease(String account, String owner, String ownerUrl, long epoch, Instant expiresAt) {
    }

    private final DataSource dataSource;

    LeaseTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes the lease of the account if it is free or has lapsed, or renews it if this runtime holds it; returns the lease
     * as it is afterwards, whoever holds it. Taking a lease from another runtime adds one to its epoch; renewing keeps it.
     */
    Lease acquire(String account, String runtime, String url, int leaseSeconds) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement take = connection.prepareStatement("INSERT INTO account_lease (account, owner, owner_url, epoch, "
                    + "expires_at) VALUES (?, ?, ?, 1, CURRENT_TIMESTAMP + make_interval(secs => ?)) ON CONFLICT (account) DO UPDATE "
                    + "SET epoch = CASE WHEN account_lease.owner = EXCLUDED.owner THEN account_lease.epoch ELSE account_lease.epoch + 1 END, "
                    + "owner = EXCLUDED.owner, owner_url = EXCLUDED.owner_url, expires_at = EXCLUDED.expires_at "
                    + "WHERE account_lease.owner = EXCLUDED.owner OR account_lease.expires_at < CURRENT_TIMESTAMP "
                    + "RETURNING account, owner, owner_url, epoch, expires_at")) {
                take.setString(1, account);
                take.setString(2, runtime);
                take.setString(3, url);
                take.setInt(4, leaseSeconds);
                try (ResultSet row = take.executeQuery()) {
                    if (row.next()) {
                        return lease(row);
                    }
                }
            }
            return find(connection, account).orElseThrow(() -> new SQLException("the lease of " + account + " vanished"));
        }
    }

    /** Lets the account's lease lapse now if this runtime holds it (a clean stop), so that another takes it at once. */
    void release(String account, String runtime) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement release = connection.prepareStatement(
                "UPDATE account_lease SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1 second' WHERE account = ? AND owner = ?")) {
            release.setString(1, account);
            release.setString(2, runtime);
            release.executeUpdate();
        }
    }

    List<Lease> all() throws SQLException {
        List<Lease> leases = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT account, owner, owner_url, epoch, expires_at FROM account_lease ORDER BY account");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                leases.add(lease(rows));
            }
        }
        return leases;
    }

    /**
     * The leases of the accounts, locked against a change of hands until the connection's transaction ends (a takeover
     * waits for it).
     */
    static Map<String, Lease> lockShared(Connection connection, Collection<String> accounts) throws SQLException {
        Map<String, Lease> leases = new HashMap<>();
        Array names = connection.createArrayOf("varchar", accounts.toArray());
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT account, owner, owner_url, epoch, expires_at FROM account_lease WHERE account = ANY (?) FOR SHARE")) {
            query.setArray(1, names);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Lease lease = lease(rows);
                    leases.put(lease.account(), lease);
                }
            }
        } finally {
            names.free();
        }
        return leases;
    }

    private static Optional<Lease> find(Connection connection, String account) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT account, owner, owner_url, epoch, expires_at FROM account_lease WHERE account = ?")) {
            query.setString(1, account);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(lease(row)) : Optional.empty();
            }
        }
    }

    private static Lease lease(ResultSet row) throws SQLException {
        return new Lease(row.getString(1), row.getString(2), row.getString(3), row.getLong(4), row.getTimestamp(5).toInstant());
    }
}
