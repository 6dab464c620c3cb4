package io.multibroker.cluster;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.support.Threads;
import io.multibroker.storage.SchemaMigrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner per broker account among the runtimes sharing a PostgreSQL: every few seconds this runtime renews the
 * leases it holds and takes those that are free or have lapsed (their owner stopped or died); an account it takes is
 * reconciled with its broker through the order journal before it takes orders. Present only when the shared database
 * is (a DataSource named {@code multibroker}); a runtime on its embedded database drives every account, as before.
 */
@Component(service = AccountOwnership.class, configurationPid = AccountLeases.PID)
@Designate(ocd = ClusterConfig.class)
public final class AccountLeases implements AccountOwnership {

    static final String PID = "io.multibroker.cluster";
    private static final Logger LOG = LoggerFactory.getLogger(AccountLeases.class);

    private final BrokerRegistry registry;
    private final LeaseKeeper keeper;
    private final ScheduledExecutorService scheduler;
    private final Set<String> reconciling = ConcurrentHashMap.newKeySet();

    /**
     * Got when an account is taken over, on this component's own thread: the journal holds this service (it fences its
     * writes with it), so getting the journal while activating could activate each inside the other.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ComponentServiceObjects<OrderJournal> journal;

    @Activate
    public AccountLeases(ClusterConfig config, @Reference(name = "dataSource", target = "(dataSourceName=multibroker)") DataSource dataSource,
            @Reference BrokerRegistry registry) {
        if (!SchemaMigrations.isPostgreSql(dataSource)) {
            throw new IllegalStateException("account ownership across runtimes needs PostgreSQL: the DataSource (dataSourceName="
                    + "multibroker) is another database");
        }
        SchemaMigrations.apply(dataSource, AccountLeases.class.getClassLoader(), "cluster", "account_lease");
        this.registry = registry;
        String runtime = RuntimeIdentity.of(config);
        this.keeper = new LeaseKeeper(new LeaseTable(dataSource), runtime, config.api_url().trim(), config.lease_seconds(),
                System::nanoTime);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemon("multibroker-leases"));
        scheduler.scheduleWithFixedDelay(this::round, 0, config.renew_interval_ms(), TimeUnit.MILLISECONDS);
        LOG.info("runtime {} shares its accounts through PostgreSQL (leases of {} s)", runtime, config.lease_seconds());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        keeper.releaseAll();
    }

    private void round() {
        try {
            List<String> accounts = registry.accounts().stream().map(BrokerAccount::accountId).toList();
            for (String account : keeper.renew(accounts)) {
                if (reconciling.add(account)) {
                    takeOver(account, keeper.epoch(account));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("lease round failed: {}", e.toString(), e);
        }
    }

    /** Reconciles an account just taken (its open and unknown orders against the broker), then lets it take orders. */
    private void takeOver(String account, long epoch) {
        ComponentServiceObjects<OrderJournal> journals = journal;
        Optional<BrokerAdapter> adapter = registry.account(account).map(BrokerAccount::adapter);
        if (journals == null) {
            keeper.reconciled(account, epoch);
            reconciling.remove(account);
            return;
        }
        if (adapter.isEmpty()) {
            reconciling.remove(account);
            return;
        }
        OrderJournal orders = journals.getService();
        if (orders == null) {
            reconciling.remove(account);
            return;
        }
        orders.reconcile(adapter.get()).whenComplete((report, failure) -> {
            journals.ungetService(orders);
            reconciling.remove(account);
            if (failure == null) {
                keeper.reconciled(account, epoch);
                LOG.info("account {} reconciled after its takeover (epoch {}): it takes orders here", account, epoch);
            } else {
                LOG.warn("account {} not reconciled yet after its takeover ({}): tried again next round", account, failure.toString());
            }
        });
    }

    @Override
    public Optional<ErrorDetail> refusal(String accountId) {
        return keeper.refusal(accountId);
    }

    @Override
    public boolean heldHere(String accountId) {
        return keeper.heldHere(accountId);
    }

    @Override
    public void fence(Connection connection, Collection<String> accountIds) throws SQLException {
        keeper.fence(connection, accountIds);
    }

    @Override
    public List<AccountLease> leases() {
        try {
            return keeper.leases();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the account leases: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<AccountLease> lease(String accountId) {
        return keeper.lease(accountId);
    }

    @Override
    public String runtimeId() {
        return keeper.runtime();
    }
}
