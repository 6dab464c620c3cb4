package io.multibroker.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.registry.BrokerRegistryImpl;
import io.multibroker.registry.TestRegistries;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party adapter that sends an order and then answers it REJECTED with a connectivity code, through the real
 * registry's handle into the real journal: the order is UNKNOWN, journalled so, until a lookup by client order id shows
 * what the broker has; the journal's background check keeps looking while the broker is out of reach, and never resends.
 */
class MisbehavingAdapterJournalTest {

    private static final String ACCOUNT = "misbehaving";

    @TempDir
    Path directory;
    private JdbcConnectionPool pool;
    private BrokerRegistryImpl registry;
    private OrderJournalImpl journal;
    private final FakeBroker broker = new FakeBroker(ACCOUNT);

    @BeforeEach
    void start() {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0", "", "");
        registry = TestRegistries.create();
        journal = new OrderJournalImpl(pool, false, JournalFixture.FAST, account -> registry.account(account).map(BrokerAccount::adapter),
                Clock.systemUTC());
        TestRegistries.bindJournal(registry, journal);
        TestRegistries.add(registry, 1, broker);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.account(ACCOUNT)
                .map(account -> account.health().status() == HealthStatus.UP).orElse(false));
    }

    @AfterEach
    void stop() throws Exception {
        TestRegistries.stop(registry);
        journal.close();
        pool.dispose();
    }

    /** The adapter sends the order (the broker fills it when {@code executes}), then answers it REJECTED with {@code code}. */
    private void sendThenReportRejected(boolean executes, ErrorCode code) {
        broker.onPlace = order -> {
            if (executes) {
                broker.put(FakeBroker.result(ACCOUNT, order.clientOrderId(), "B-7", OrderStatus.FILLED, "1000", "1.0800"));
            }
            return CompletableFuture.completedFuture(OrderResult.rejected(ACCOUNT, order, new ErrorDetail(code, code.retryable(), null,
                    "no answer from the broker", new ErrorContext(ACCOUNT, null, order.clientOrderId(), order.instrument(), null)),
                    Instant.now()));
        };
    }

    private OrderResult place(UnifiedOrder order) throws Exception {
        return registry.account(ACCOUNT).orElseThrow().adapter().placeOrder(order).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private JournalOrder journalled(String clientOrderId) {
        return journal.orders(new JournalQuery(ACCOUNT, JournalQuery.Scope.ALL, null, 100)).stream()
                .filter(order -> order.clientOrderId().equals(clientOrderId)).findFirst().orElseThrow();
    }

    private List<JournalEntryKind> history(String clientOrderId) {
        return journal.history(ACCOUNT, clientOrderId).stream().map(JournalEntry::kind).toList();
    }

    @Test
    void anOrderSentThenReportedRejectedIsUnknownUntilTheJournalsLookupFindsItFilled() throws Exception {
        sendThenReportRejected(true, ErrorCode.NETWORK_ERROR);
        broker.lookupsDown.set(1);
        UnifiedOrder order = JournalFixture.limit("mis-1", "1.0800");

        OrderResult answered = place(order);

        assertEquals(OrderStatus.UNKNOWN, answered.status(), () -> "the broker filled it, the caller was told " + answered);
        assertEquals(ErrorCode.UNKNOWN_OUTCOME, answered.error().code());
        await().atMost(Duration.ofSeconds(10)).until(() -> journalled("mis-1").status() == OrderStatus.FILLED);
        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.UNKNOWN, JournalEntryKind.RECONCILED), history("mis-1"));
        assertEquals("B-7", journalled("mis-1").brokerOrderId());
        assertEquals(1, broker.placed.get(), "never resent");
    }

    @Test
    void anOrderSentThenReportedRejectedIsTheOrderTheHandlesLookupFinds() throws Exception {
        sendThenReportRejected(true, ErrorCode.TIMEOUT);

        OrderResult answered = place(JournalFixture.limit("mis-2", "1.0800"));

        assertEquals(OrderStatus.FILLED, answered.status(), () -> "answered " + answered);
        // the handle appends the answer without waiting for its commit
        await().atMost(Duration.ofSeconds(10)).until(() -> journalled("mis-2").status() == OrderStatus.FILLED);
        assertEquals(List.of("client:mis-2"), broker.lookups);
        assertEquals(1, broker.placed.get(), "never resent");
    }

    @Test
    void aTimeoutWithoutPlacingIsJournalledRejectedWithTheOriginalCodeOnceTheLookupFindsNothing() throws Exception {
        sendThenReportRejected(false, ErrorCode.TIMEOUT);

        OrderResult answered = place(JournalFixture.limit("mis-3", "1.0800"));

        assertEquals(OrderStatus.REJECTED, answered.status(), () -> "answered " + answered);
        assertEquals(ErrorCode.TIMEOUT, answered.error().code());
        await().atMost(Duration.ofSeconds(10)).until(() -> journalled("mis-3").status() == OrderStatus.REJECTED);
        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.REJECTED), history("mis-3"));
        assertEquals(List.of("client:mis-3"), broker.lookups);
    }

    @Test
    void whileTheLookupFailsTheOrderStaysUnknownAndTheJournalKeepsLookingWithoutResending() throws Exception {
        sendThenReportRejected(true, ErrorCode.BROKER_UNAVAILABLE);
        broker.lookupsDown.set(Integer.MAX_VALUE);

        OrderResult answered = place(JournalFixture.limit("mis-4", "1.0800"));

        assertEquals(OrderStatus.UNKNOWN, answered.status(), () -> "answered " + answered);
        // the handle's lookup, then the journal's background checks (20 ms, doubling to 100 ms)
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.lookups.size() >= 4 && journalled("mis-4").status() == OrderStatus.UNKNOWN);
        JournalOrder order = journalled("mis-4");
        assertEquals(OrderStatus.UNKNOWN, order.status());
        assertFalse(order.unresolved(), "still being looked up, not yet handed to the operator");
        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.UNKNOWN), history("mis-4"));
        assertEquals(1, broker.placed.get(), "never resent");
    }
}
