package io.multibroker.journal;

import static io.multibroker.journal.FakeBroker.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An order whose placement's outcome is unknown is looked up in the background until the broker's record resolves it. */
class UnknownResolutionTest {

    @TempDir
    Path directory;

    private static OrderResult unknown(UnifiedOrder order) {
        return OrderResult.unknown("acc", order, new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, null, "connection lost", null),
                Instant.now());
    }

    @Test
    void anUnknownOutcomeIsResolvedByTheBackgroundCheckAndPublished() throws Exception {
        try (JournalFixture fixture = new JournalFixture(directory, JournalFixture.FAST)) {
            FakeBroker broker = new FakeBroker("acc");
            fixture.brokers.put("acc", broker);
            UnifiedOrder order = JournalFixture.limit("c-1", "1.08");
            // the broker executed it, and shows it only from the third lookup on (its read-after-write lag)
            broker.put(result("acc", "c-1", "55", OrderStatus.FILLED, "1000", "1.0801"));
            broker.lookupsBeforeVisible.set(2);
            fixture.journal.intent("acc", order, "direct").toCompletableFuture().get(5, TimeUnit.SECONDS);
            fixture.journal.answer("acc", "placeOrder", unknown(order)).toCompletableFuture().get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.published.stream()
                    .anyMatch(e -> e.kind() == OrderEventKind.RECONCILED && "c-1".equals(e.clientOrderId())));
            OrderEvent resolved = fixture.published.get(0);
            assertEquals(OrderStatus.FILLED, resolved.status());
            assertEquals("55", resolved.brokerOrderId());
            List<JournalEntry> history = fixture.journal.history("acc", "c-1");
            assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.UNKNOWN, JournalEntryKind.RECONCILED),
                    history.stream().map(JournalEntry::kind).toList());
            assertTrue(history.get(2).reason().startsWith("resolved by the background check (3 lookups)"), history.get(2).reason());
            assertEquals(List.of("client:c-1", "client:c-1", "client:c-1"), broker.lookups, "by client order id, never resent");
            assertEquals(0, fixture.journal.watching());
            assertTrue(fixture.journal.unresolved().isEmpty());
        }
    }

    @Test
    void anUnknownOutcomeThatOutlivesTheHorizonIsListedForTheOperator() throws Exception {
        Settings shortHorizon = new Settings(Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(5));
        try (JournalFixture fixture = new JournalFixture(directory, shortHorizon)) {
            FakeBroker broker = new FakeBroker("acc");
            fixture.brokers.put("acc", broker);
            UnifiedOrder order = JournalFixture.limit("c-lost", "1.08");
            fixture.journal.intent("acc", order, "direct").toCompletableFuture().get(5, TimeUnit.SECONDS);
            fixture.journal.answer("acc", "placeOrder", unknown(order)).toCompletableFuture().get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.journal.unresolved().isEmpty());
            JournalOrder flagged = fixture.journal.unresolved().get(0);
            assertEquals("c-lost", flagged.clientOrderId());
            assertEquals(OrderStatus.UNKNOWN, flagged.status());
            assertTrue(flagged.reason().contains("decide by hand"), flagged.reason());
            assertTrue(broker.lookups.size() >= 2, "looked up again with backoff: " + broker.lookups);
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.published.stream()
                    .anyMatch(e -> "c-lost".equals(e.clientOrderId()) && e.reason().startsWith("unresolved")));
        }
    }

    /** A journal closed while it checks an unknown outcome leaves the order unknown for the next start, not unresolved. */
    @Test
    void closingTheJournalWhileAnOrderIsCheckedLeavesItUnknownNotFlagged() throws Exception {
        Settings slow = new Settings(Duration.ofHours(1), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5));
        UnifiedOrder order = JournalFixture.limit("c-closing", "1.08");
        try (JournalFixture fixture = new JournalFixture(directory, slow)) {
            fixture.brokers.put("acc", new FakeBroker("acc"));
            fixture.journal.intent("acc", order, "direct").toCompletableFuture().get(5, TimeUnit.SECONDS);
            fixture.journal.answer("acc", "placeOrder", unknown(order)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.journal.watching() == 1);
        }
        try (JournalFixture reopened = new JournalFixture(directory, slow)) {
            JournalOrder kept = reopened.journal.order("acc", "c-closing").orElseThrow();
            assertEquals(OrderStatus.UNKNOWN, kept.status());
            assertFalse(kept.unresolved(), "not flagged for the operator because the journal stopped");
        }
    }
}
