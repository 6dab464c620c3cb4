package io.multibroker.abtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentReport;
import io.multibroker.api.routing.ExperimentReport.ArmSummary;
import io.multibroker.testing.postgres.ThrowawayPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two outcome stores on one PostgreSQL, as two runtimes: each one's report counts every outcome of both, once, even
 * when a writer's transaction commits after later ones (held open by {@code pg_sleep}) and a report is taken meanwhile.
 */
class OutcomeStorePostgresTest {

    private static final int PER_STORE = 1_500;
    private static ThrowawayPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = ThrowawayPostgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void twoRuntimesReportEveryOutcomeOnceWhateverOrderTheirTransactionsCommitIn() throws Exception {
        DataSource database = postgres.dataSource(postgres.createDatabase("outcomes"));
        OutcomeStore first = new OutcomeStore(database);
        OutcomeStore second = new OutcomeStore(database);
        ExperimentInfo info = info();
        Map<String, Long> earlyReport;

        try (Connection late = database.getConnection()) {
            // a third writer takes its transaction id first and commits last
            late.setAutoCommit(false);
            insertDirectly(late, "late-1");
            CompletableFuture<Void> one = CompletableFuture.runAsync(() -> recordMany(first, "a"));
            CompletableFuture<Void> two = CompletableFuture.runAsync(() -> recordMany(second, "b"));
            CompletableFuture.allOf(one, two).get(60, TimeUnit.SECONDS);
            earlyReport = orders(first.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally)));
            try (Statement sleep = late.createStatement()) {
                sleep.execute("SELECT pg_sleep(0.2)");
            }
            late.commit();
        }
        assertEquals(0, earlyReport.values().stream().mapToLong(Long::longValue).sum(),
                "nothing committed after the open transaction began is folded in before it ends: " + earlyReport);

        Map<String, Long> recount = recount(database);
        assertEquals(2 * PER_STORE + 1, recount.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(recount, orders(first.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally))),
                "the first runtime's report, caught up, equals the SQL recount");
        assertEquals(recount, orders(second.withTally(info, tally -> ExperimentAnalysis.analyse(info, tally))),
                "and so does the second's");
        assertEquals(recount, orders(new OutcomeStore(database).withTally(info, tally -> ExperimentAnalysis.analyse(info, tally))),
                "and a report read from scratch");
    }

    private static void recordMany(OutcomeStore store, String runtime) {
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        for (int i = 0; i < PER_STORE; i++) {
            String arm = i % 3 == 0 ? "slow" : "fast";
            commits.add(store.append(new Outcome("t", arm, false, runtime + "-" + i, "FILLED", 5_000_000 + i * 1_000L,
                    BigDecimal.ONE, BigDecimal.ZERO, null, Instant.parse("2026-11-30T09:00:00Z").plusMillis(i))));
        }
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).join();
    }

    private static void insertDirectly(Connection connection, String clientOrderId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO experiment_outcome (experiment, arm, override_arm, "
                + "client_order_id, status, latency_ns, fill_ratio, recorded_at) VALUES ('t', 'slow', FALSE, ?, 'FILLED', 7000000, 1, ?)")) {
            insert.setString(1, clientOrderId);
            insert.setTimestamp(2, Timestamp.from(Instant.parse("2026-11-30T09:00:00Z")));
            insert.execute();
        }
    }

    private static Map<String, Long> recount(DataSource database) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT arm, COUNT(*) FROM experiment_outcome WHERE experiment = 't' "
                        + "AND NOT override_arm GROUP BY arm ORDER BY arm DESC")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private static Map<String, Long> orders(ExperimentReport report) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ArmSummary arm : report.arms()) {
            counts.put(arm.arm(), arm.orders());
        }
        return counts;
    }

    private static ExperimentInfo info() {
        Map<String, Integer> arms = new LinkedHashMap<>();
        arms.put("slow", 5000);
        arms.put("fast", 5000);
        return new ExperimentInfo("t", arms, "t", Set.of(), Set.of(), "latency", List.of(), new BigDecimal("0.05"), 100, true,
                "fixed", true);
    }
}
