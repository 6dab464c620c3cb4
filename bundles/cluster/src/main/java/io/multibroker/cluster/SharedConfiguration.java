package io.multibroker.cluster;

import io.multibroker.api.BrokerFactory;
import io.multibroker.api.config.ConfigurationBackup;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.Threads;
import io.multibroker.storage.SchemaMigrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, experiments and every other kind of configuration, the same on every runtime sharing the PostgreSQL: a
 * change made here (shell, API, dashboard, a file in etc/) is written to the shared table and announced (NOTIFY); the
 * others apply it when they hear it (LISTEN), and every few seconds check the table anyway, in case an announcement was
 * missed. One thread does all of it, so that a change and its application never interleave.
 */
@Component(immediate = true, service = ConfigurationListener.class, configurationPid = AccountLeases.PID)
public final class SharedConfiguration implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(SharedConfiguration.class);
    /** Local changes come in bursts (an import writes many configurations): one publication after the burst. */
    private static final long SETTLE_MS = 150;
    private static final long CHECK_SECONDS = 5;
    private static final int LISTEN_WAIT_MS = 1_000;

    private final DataSource dataSource;
    private final ConfigurationSync sync;
    private final ScheduledExecutorService worker;
    private final Thread listener;
    private volatile boolean running = true;
    private ScheduledFuture<?> pendingPublication;

    /** Removes experiments removed elsewhere; absent without the A/B feature. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExperimentService experiments;

    @Activate
    public SharedConfiguration(ClusterConfig config,
            @Reference(name = "dataSource", target = "(dataSourceName=multibroker)") DataSource dataSource,
            @Reference ConfigurationBackup backup, @Reference BrokerFactory factory) {
        if (!SchemaMigrations.isPostgreSql(dataSource)) {
            throw new IllegalStateException("shared configuration needs PostgreSQL: the DataSource (dataSourceName=multibroker) is "
                    + "another database");
        }
        SchemaMigrations.apply(dataSource, SharedConfiguration.class.getClassLoader(), "cluster", "account_lease");
        this.dataSource = dataSource;
        this.sync = new ConfigurationSync(new SharedConfigurationTable(dataSource), new ConfigurationSync.Local() {
            @Override
            public ConfigurationDocument export(boolean withSecrets) {
                return backup.export(withSecrets);
            }

            @Override
            public void apply(ConfigurationDocument items) {
                backup.importDocument(items, false);
            }

            @Override
            public void remove(String item) {
                removeHere(factory, item);
            }
        }, RuntimeIdentity.of(config));
        this.worker = Executors.newSingleThreadScheduledExecutor(Threads.daemon("multibroker-shared-configuration"));
        worker.execute(() -> run("start", sync::start));
        worker.scheduleWithFixedDelay(() -> run("check", sync::pull), CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
        this.listener = Threads.daemon("multibroker-configuration-listen").newThread(this::listen);
        listener.start();
    }

    private void removeHere(BrokerFactory factory, String item) {
        if (item.startsWith(ConfigurationItems.ACCOUNT)) {
            factory.removeAccount(item.substring(ConfigurationItems.ACCOUNT.length()));
        } else if (item.startsWith(ConfigurationItems.EXPERIMENT)) {
            ExperimentService service = experiments;
            if (service != null) {
                service.delete(item.substring(ConfigurationItems.EXPERIMENT.length()));
            }
        } else {
            LOG.warn("shared configuration: {} was removed elsewhere; settings are not removed here (edit them instead)", item);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws SQLException;
    }

    private void run(String what, Step step) {
        try {
            step.run();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("shared configuration {} failed: {}", what, e.toString());
        }
    }

    /** A configuration changed here (or was applied from elsewhere, which then changes nothing): publish after the burst. */
    @Override
    public synchronized void configurationEvent(ConfigurationEvent event) {
        if (pendingPublication != null) {
            pendingPublication.cancel(false);
        }
        pendingPublication = worker.schedule(() -> run("publication", sync::publish), SETTLE_MS, TimeUnit.MILLISECONDS);
    }

    /** Waits for announcements on a connection of its own, and has the worker take the changes at once. */
    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + SharedConfigurationTable.CHANNEL);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(LISTEN_WAIT_MS);
                    if (notifications != null && notifications.length > 0) {
                        worker.execute(() -> run("pull", sync::pull));
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    // the periodic check goes on meanwhile; listening starts again on a new connection
                    LOG.warn("shared configuration: listening for changes failed ({}); listening again", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(LISTEN_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        listener.interrupt();
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        listener.join(TimeUnit.SECONDS.toMillis(5));
    }
}
