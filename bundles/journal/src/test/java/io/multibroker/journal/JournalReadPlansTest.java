package io.multibroker.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.JournalQuery.Scope;
import io.multibroker.storage.SchemaMigrations;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal keeps every order it ever had, so none of its reads of orders may read them all: H2's plan of each query
 * the reads sent names an index, never a table scan, on a journal of 3,000 finished orders and a few open ones; and the
 * reads return exactly the open, unknown and latest orders.
 */
class JournalReadPlansTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final int FINISHED_ORDERS = 3_000;

    @TempDir
    Path directory;

    private JdbcConnectionPool pool;
    private final List<SentQuery> sent = new CopyOnWriteArrayList<>();
    private JournalReads reads;

    @BeforeEach
    void journalWithAHistory() throws SQLException {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("journal").toAbsolutePath(), "", "");
        SchemaMigrations.apply(pool, JournalStore.class.getClassLoader(), "journal", "journal_order");
        try (Connection connection = pool.getConnection()) {
            for (int i = 0; i < FINISHED_ORDERS; i++) {
                insert(connection, i % 2 == 0 ? "acc-a" : "acc-b", "done-" + i, "FILLED", false, i);
            }
            insert(connection, "acc-a", "open-unanswered", null, false, FINISHED_ORDERS + 1);
            insert(connection, "acc-b", "open-partial", "PARTIALLY_FILLED", false, FINISHED_ORDERS + 2);
            insert(connection, "acc-a", "open-unknown", "UNKNOWN", true, FINISHED_ORDERS + 3);
            insert(connection, "acc-a", "open-resting", "ACCEPTED", false, FINISHED_ORDERS + 4);
            insert(connection, "acc-b", "done-rejected", "REJECTED", false, FINISHED_ORDERS + 5);
        }
        reads = new JournalReads(recording(pool));
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    @Test
    void theOpenOrdersAreFoundThroughAnIndexAndAreExactlyTheUnfinishedOnes() throws SQLException {
        assertEquals(List.of("open-unanswered", "open-partial", "open-unknown", "open-resting"), ids(reads.openOrders()));
        assertEquals(List.of("open-partial"), ids(reads.openOrders("acc-b")));
        assertEquals(List.of("open-unanswered", "open-unknown", "open-resting"), ids(reads.openOrders("acc-a")));
        assertEveryQueryUsedAnIndex();
    }

    @Test
    void theUnresolvedOrdersAreFoundThroughAnIndex() throws SQLException {
        assertEquals(List.of("open-unknown"), ids(reads.unresolved()));
        assertEveryQueryUsedAnIndex();
    }

    @Test
    void listingsOfEveryScopeAreFoundThroughAnIndexNewestFirst() throws SQLException {
        assertEquals(List.of("open-resting", "open-unknown"), ids(reads.orders(new JournalQuery(null, Scope.OPEN, null, 2))));
        assertEquals(List.of("open-unknown", "open-unanswered"), ids(reads.orders(new JournalQuery("acc-a", Scope.UNKNOWN, null, 10))));
        assertEquals(List.of("done-rejected", "open-resting", "open-unknown"), ids(reads.orders(new JournalQuery(null, Scope.ALL, null, 3))));
        assertEquals(List.of("done-rejected", "open-partial", "done-2999"), ids(reads.orders(new JournalQuery("acc-b", Scope.ALL, null, 3))));
        Instant sinceTheOpenOnes = START.plusSeconds(FINISHED_ORDERS + 2);
        assertEquals(List.of("open-resting", "open-unknown", "open-partial"),
                ids(reads.orders(new JournalQuery(null, Scope.OPEN, sinceTheOpenOnes, 10))));
        assertEquals(List.of("open-resting", "open-unknown"),
                ids(reads.orders(new JournalQuery("acc-a", Scope.OPEN, START.plusSeconds(FINISHED_ORDERS + 3), 10))));
        assertEveryQueryUsedAnIndex();
    }

    private void assertEveryQueryUsedAnIndex() throws SQLException {
        assertFalse(sent.isEmpty(), "the reads sent no query");
        try (Connection connection = pool.getConnection()) {
            for (SentQuery query : sent) {
                String plan = plan(connection, query);
                assertFalse(plan.contains("tableScan"), () -> "a read of the journal scans every order: " + query.sql() + "\n" + plan);
            }
        }
    }

    private static String plan(Connection connection, SentQuery query) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + query.sql())) {
            for (Map.Entry<Integer, Object> parameter : query.parameters().entrySet()) {
                explain.setObject(parameter.getKey(), parameter.getValue());
            }
            try (ResultSet rows = explain.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static void insert(Connection connection, String account, String clientOrderId, String status, boolean unresolved, int second)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO journal_order (" + JournalReads.ORDER_COLUMNS
                + ") VALUES (?, ?, ?, 'EUR_USD', 'BUY', 'MARKET', ?, ?, ?, NULL, NULL, NULL, NULL, NULL, FALSE, ?, NULL, ?, ?)")) {
            Timestamp time = Timestamp.from(START.plusSeconds(second));
            insert.setString(1, account);
            insert.setString(2, clientOrderId);
            insert.setString(3, status == null ? null : "broker-" + clientOrderId);
            insert.setString(4, status);
            insert.setBigDecimal(5, new BigDecimal("1000"));
            insert.setBigDecimal(6, "FILLED".equals(status) ? new BigDecimal("1000") : BigDecimal.ZERO);
            insert.setBoolean(7, unresolved);
            insert.setTimestamp(8, time);
            insert.setTimestamp(9, time);
            insert.executeUpdate();
        }
    }

    private static List<String> ids(List<JournalOrder> orders) {
        return orders.stream().map(JournalOrder::clientOrderId).toList();
    }

    /** The query text and parameters of every statement the reads execute, to ask H2 for its plan afterwards. */
    private record SentQuery(String sql, Map<Integer, Object> parameters) {
    }

    /** A DataSource whose prepared statements note what they execute; everything else goes to the pool unchanged. */
    private DataSource recording(DataSource target) {
        return proxy(DataSource.class, target, (method, arguments, result) -> method.getName().equals("getConnection")
                ? proxy(Connection.class, (Connection) result, (connectionMethod, sqlAndMore, statement) ->
                        connectionMethod.getName().equals("prepareStatement") ? noting((String) sqlAndMore[0], (PreparedStatement) statement)
                                : statement)
                : result);
    }

    private PreparedStatement noting(String sql, PreparedStatement target) {
        Map<Integer, Object> parameters = new TreeMap<>();
        return proxy(PreparedStatement.class, target, (method, arguments, result) -> {
            if (method.getName().equals("setObject")) {
                parameters.put((Integer) arguments[0], arguments[1]);
            } else if (method.getName().equals("executeQuery")) {
                sent.add(new SentQuery(sql, new TreeMap<>(parameters)));
            }
            return result;
        });
    }

    /** What a proxy returns in place of the target's result of a call. */
    private interface Wrapping {
        Object wrap(Method method, Object[] arguments, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, Wrapping wrapping) {
        InvocationHandler handler = (proxy, method, arguments) -> {
            try {
                return wrapping.wrap(method, arguments, method.invoke(target, arguments));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(JournalReadPlansTest.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
