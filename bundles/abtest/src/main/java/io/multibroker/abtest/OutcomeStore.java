package io.multibroker.abtest;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.support.GroupCommit;
import io.multibroker.storage.CommitOrderScan;
import io.multibroker.storage.EmbeddedDatabase;
import io.multibroker.storage.SchemaMigrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Experiment outcomes in a relational database, one row per routed order, written and committed before
 * the router answers, so that nothing acknowledged is lost. The SQL is plain enough for H2 and
 * PostgreSQL alike: an operator switches to PostgreSQL by making a matching DataSource service available
 * (pax-jdbc-config), by configuration alone.
 *
 * <p>One writer thread commits what has been queued since its last commit in one transaction (group
 * commit): under load a commit carries many outcomes. Each experiment's {@link OutcomeTally} is kept here and only the
 * rows committed since it was last read are folded in ({@link CommitOrderScan}: by row id in the embedded database,
 * which has this one writer; by writing transaction in PostgreSQL, where several runtimes write at once). The writer
 * is a {@link GroupCommit}, as the order journal's. The table is made and upgraded by the scripts under
 * {@code db/outcomes} ({@link SchemaMigrations}).
 */
@Component(service = OutcomeStore.class, configurationPid = OutcomeStore.PID)
@Designate(ocd = OutcomeStoreConfig.class)
public final class OutcomeStore {

    static final String PID = "io.multibroker.abtest.outcomes";
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeStore.class);
    /** At most this many outcomes in one commit, so that one transaction stays small. */
    private static final int MAX_BATCH = 512;
    private static final int WRITE_TIMEOUT_SECONDS = 10;
    /** Rows read at a time. */
    static final int PAGE = 10_000;
    private static final String COLUMNS = "experiment, arm, override_arm, client_order_id, status, latency_ns, fill_ratio, "
            + "slippage_pips, error_code, recorded_at";

    private final DataSource dataSource;
    private final boolean owned;
    private final CommitOrderScan scan;
    private final GroupCommit<Outcome> writer;
    private final Map<String, OutcomeTally> tallies = new ConcurrentHashMap<>();

    /** Receives the rows of a read, with their ids, in commit order. */
    @FunctionalInterface
    interface RowHandler {
        void row(long id, Outcome outcome);
    }

    @Activate
    public OutcomeStore(OutcomeStoreConfig config,
            @Reference(name = "dataSource", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            DataSource configured) {
        this(configured != null ? configured : embedded(config.embedded_path()), configured == null);
        LOG.info("experiment outcomes are kept in {}", configured != null ? "the configured DataSource" : "the embedded database");
    }

    OutcomeStore(DataSource dataSource) {
        this(dataSource, false);
    }

    /** With {@code owned}, the store created the DataSource (the embedded pool) and closes it when it closes. */
    private OutcomeStore(DataSource dataSource, boolean owned) {
        this.dataSource = dataSource;
        this.owned = owned;
        SchemaMigrations.apply(dataSource, OutcomeStore.class.getClassLoader(), "outcomes", "experiment_outcome");
        this.scan = new CommitOrderScan(SchemaMigrations.isPostgreSql(dataSource), "experiment_outcome", "experiment", PAGE);
        this.writer = new GroupCommit<>("multibroker-outcome-writer", MAX_BATCH, this::insert,
                failure -> LOG.error("experiment outcomes not written: {}", failure.toString(), failure),
                () -> new SQLException("the experiment outcome store is closed"));
    }

    /** The embedded default: an H2 file under karaf.data (see {@link EmbeddedDatabase}). */
    static DataSource embedded(String path) {
        return EmbeddedDatabase.open(path);
    }

    /**
     * Queues one outcome for the writer; the stage completes once it is committed, or exceptionally with
     * the SQLException that kept it out of the database.
     */
    CompletableFuture<Void> append(Outcome outcome) {
        return writer.append(outcome);
    }

    /** Outcomes queued and not yet committed. */
    int backlog() {
        return writer.backlog();
    }

    /** Writes and commits one outcome; returns only once it is durable. */
    void record(Outcome outcome) throws SQLException {
        try {
            append(outcome).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the outcome was being written; it may yet be committed", e);
        }
    }

    /** Stops taking outcomes and commits the ones already queued before returning. */
    @Deactivate
    void close() throws InterruptedException {
        if (!writer.close(30_000)) {
            LOG.error("experiment outcomes still being written after 30 s");
        } else if (owned) {
            // the embedded database's connections, so that the file is closed cleanly (and not left to the collector)
            EmbeddedDatabase.close(dataSource);
        }
    }

    private void insert(List<Outcome> outcomes) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO experiment_outcome (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                // a database that stops answering fails the outcomes rather than hold their orders' answers for ever
                insert.setQueryTimeout(WRITE_TIMEOUT_SECONDS);
                for (Outcome outcome : outcomes) {
                    insert.setString(1, outcome.experiment());
                    insert.setString(2, outcome.arm());
                    insert.setBoolean(3, outcome.override());
                    insert.setString(4, outcome.clientOrderId());
                    insert.setString(5, outcome.status());
                    insert.setLong(6, outcome.latencyNanos());
                    insert.setBigDecimal(7, outcome.fillRatio());
                    if (outcome.slippagePips() == null) {
                        insert.setNull(8, Types.DECIMAL);
                    } else {
                        insert.setBigDecimal(8, outcome.slippagePips());
                    }
                    insert.setString(9, outcome.errorCode());
                    insert.setTimestamp(10, Timestamp.from(outcome.recordedAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** Outcomes per arm of an experiment (overrides counted apart). */
    Map<String, Long> countsByArm(String experiment, boolean overrides) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT arm, COUNT(*) FROM experiment_outcome WHERE experiment = ? AND override_arm = ? GROUP BY arm ORDER BY arm")) {
            query.setString(1, experiment);
            query.setBoolean(2, overrides);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    /** How many outcomes an experiment has recorded, overrides included. */
    long count(String experiment) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM experiment_outcome WHERE experiment = ?")) {
            query.setString(1, experiment);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Hands the experiment's outcomes committed since {@code position} (0: all) to the handler in commit order, one row
     * at a time (read in pages rather than held whole), and returns the position to read from next.
     */
    long read(String experiment, long position, RowHandler handler) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return scan.readAfter(connection, experiment, position, "id, " + COLUMNS, rows -> handler.row(rows.getLong(1),
                    new Outcome(rows.getString(2), rows.getString(3), rows.getBoolean(4), rows.getString(5), rows.getString(6),
                            rows.getLong(7), rows.getBigDecimal(8), rows.getBigDecimal(9), rows.getString(10),
                            rows.getTimestamp(11).toInstant())));
        }
    }

    /** Folds the experiment's rows committed since the tally's position into it, reading only the columns it uses. */
    private void catchUp(String experiment, OutcomeTally tally) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            tally.advanceTo(scan.readAfter(connection, experiment, tally.position(),
                    "arm, override_arm, status, latency_ns, slippage_pips, recorded_at",
                    rows -> tally.add(rows.getString(1), rows.getBoolean(2), rows.getString(3), rows.getLong(4),
                            rows.getBigDecimal(5), rows.getTimestamp(6).toInstant())));
        }
    }

    /** Every outcome of an experiment, oldest first, held in memory: for tests and checks, not for reports. */
    List<Outcome> outcomes(String experiment) throws SQLException {
        List<Outcome> outcomes = new ArrayList<>();
        read(experiment, 0, (id, outcome) -> outcomes.add(outcome));
        return outcomes;
    }

    /**
     * Gives the experiment's tally, brought up to date with the rows written since it was last read, to the
     * reader, under the tally's lock. The first read after a start (or after the experiment's arms, minimum
     * sample or promotion changed) folds in every row; later ones only the new rows.
     */
    <T> T withTally(ExperimentInfo info, Function<OutcomeTally, T> reader) throws SQLException {
        OutcomeTally.Basis basis = OutcomeTally.Basis.of(info);
        OutcomeTally tally = tallies.compute(info.name(),
                (name, known) -> known != null && known.basis().equals(basis) ? known : new OutcomeTally(basis));
        synchronized (tally) {
            catchUp(info.name(), tally);
            return reader.apply(tally);
        }
    }

    /** Drops the tally of an experiment that no longer exists. */
    void forget(String experiment) {
        tallies.remove(experiment);
    }
}
