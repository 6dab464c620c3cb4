package io.multibroker.registry;

import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.storage.EmbeddedDatabase;
import io.multibroker.storage.SchemaMigrations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capability and error history in a database: the shared DataSource when one is bound (every runtime on one
 * PostgreSQL then sees one history), else an embedded H2 file of this runtime. Always a database rather than memory
 * without PostgreSQL, so that one code path serves both and the history outlives a restart. It references nothing that
 * references the registry, so the registry may bind it as an ordinary optional field (docs/wiring.md).
 */
@Component(service = RegistryHistory.class, configurationPid = SharedRegistryHistory.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HistoryConfig.class)
public final class SharedRegistryHistory implements RegistryHistory {

    static final String PID = "io.multibroker.history";
    /** Where the runtime's name among those sharing the database is configured (the cluster bundle's PID). */
    static final String CLUSTER_PID = "io.multibroker.cluster";

    private static final Logger LOG = LoggerFactory.getLogger(SharedRegistryHistory.class);
    /** How long a read waits for the records queued before it: a database that does not answer is read as it is. */
    private static final long READ_WAIT_MILLIS = 2_000;

    private final DataSource ownedPool;
    private final HistoryTables tables;
    private final HistoryWriter writer;

    @Activate
    public SharedRegistryHistory(HistoryConfig config, @Reference ConfigurationAdmin configAdmin,
            @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            DataSource configured) {
        this(configured != null ? configured : EmbeddedDatabase.open(config.embedded_path()), configured == null,
                runtimeId(configAdmin), HistoryLimits.of(config));
        LOG.info("capability and error history kept in {}", configured != null ? "the configured DataSource" : "the embedded database");
    }

    /**
     * @param owned whether this store opened the DataSource (the embedded pool) and closes it when it closes
     */
    SharedRegistryHistory(DataSource dataSource, boolean owned, String runtimeId, HistoryLimits limits) {
        this.ownedPool = owned ? dataSource : null;
        try {
            SchemaMigrations.apply(dataSource, SharedRegistryHistory.class.getClassLoader(), "history", "capability_changes");
        } catch (RuntimeException e) {
            EmbeddedDatabase.close(ownedPool);
            throw e;
        }
        this.tables = new HistoryTables(dataSource, runtimeId, limits);
        this.writer = new HistoryWriter(tables, limits.queueCapacity());
    }

    @Override
    public void changed(CapabilityChange change) {
        writer.offer(change);
    }

    @Override
    public void failed(RecordedError error) {
        writer.offer(error);
    }

    @Override
    public List<CapabilityChange> changes(String accountId) {
        awaitWrites();
        try {
            return tables.changes(accountId).stream().map(HistoryTables.Seen::record).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the capability history of " + accountId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<RecordedError> errorsSince(Instant since) {
        awaitWrites();
        try {
            return tables.errorsSince(since).stream().map(HistoryTables.Seen::record).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the error history since " + since + ": " + e.getMessage(), e);
        }
    }

    /** A read sees what this runtime recorded before it: the records still queued are written first (briefly). */
    private void awaitWrites() {
        try {
            writer.awaitOffered(READ_WAIT_MILLIS);
        } catch (InterruptedException e) {
            // read what is written, as when the wait runs out; the caller still sees the interrupt
            Thread.currentThread().interrupt();
        }
    }

    /** The rows with the runtime that saw each, for whoever needs to tell runtimes apart. */
    HistoryTables tables() {
        return tables;
    }

    long dropped() {
        return writer.dropped();
    }

    @Deactivate
    void close() {
        writer.close();
        EmbeddedDatabase.close(ownedPool);
    }

    /** {@code runtime.id} of the cluster configuration, else the host and installation directory (as the cluster bundle does). */
    static String runtimeId(ConfigurationAdmin configAdmin) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + CLUSTER_PID + ")");
            if (found != null && found.length > 0 && found[0].getProperties() != null) {
                Object id = found[0].getProperties().get("runtime.id");
                if (id != null && !id.toString().isBlank()) {
                    return id.toString().trim();
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("cannot read {} for the runtime id, the host name is used: {}", CLUSTER_PID, e.getMessage());
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + System.getProperty("karaf.base", System.getProperty("user.dir"));
    }
}
