package io.multibroker.journal;

import static io.multibroker.journal.FakeBroker.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.ReconciliationReport;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runtime stopped with orders resting: the journal opened again compares them with the broker before the account trades. */
class ReconciliationTest {

    @TempDir
    Path directory;

    @Test
    void twoReconciliationsOfAnAccountAtOnceAreOneAndJournalEachChangeOnce() throws Exception {
        try (JournalFixture fixture = new JournalFixture(directory, JournalFixture.FAST)) {
            fixture.journal.intent("acc", JournalFixture.limit("fills", "1.08"), "direct").toCompletableFuture().get(5, TimeUnit.SECONDS);
            fixture.journal.answer("acc", "placeOrder", result("acc", "fills", "2", OrderStatus.ACCEPTED, "0", null))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            FakeBroker broker = new FakeBroker("acc");
            broker.put(result("acc", "fills", "2", OrderStatus.FILLED, "1000", "1.0795"));
            broker.openOrdersAnswer = new CompletableFuture<>();

            // the account connecting and the journal starting: both ask while the first is waiting for the broker
            CompletableFuture<ReconciliationReport> first = fixture.journal.reconcile(broker).toCompletableFuture();
            CompletableFuture<ReconciliationReport> second = fixture.journal.reconcile(broker).toCompletableFuture();
            broker.openOrdersAnswer.complete(null);

            assertEquals(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("fills"), first.get().changed());
            assertEquals(1, fixture.journal.history("acc", "2").stream().filter(e -> e.kind() == JournalEntryKind.RECONCILED).count(),
                    "the fill found while the runtime was down is journalled once");
            assertEquals(1, broker.lookups.size(), "the broker was asked once: " + broker.lookups);
            // and once it is over, the next reconciliation is a new one
            assertTrue(fixture.journal.reconcile(broker).toCompletableFuture().get(10, TimeUnit.SECONDS).changed().isEmpty());
        }
    }

    @Test
    void aRestartWithOrdersRestingReconcilesThemAndAdoptsWhatTheJournalMissed() throws Exception {
        try (JournalFixture before = new JournalFixture(directory, JournalFixture.FAST)) {
            for (String id : List.of("rests", "fills", "in-flight", "unknown")) {
                before.journal.intent("acc", JournalFixture.limit(id, "1.08"), "direct").toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            before.journal.answer("acc", "placeOrder", result("acc", "rests", "1", OrderStatus.ACCEPTED, "0", null));
            before.journal.answer("acc", "placeOrder", result("acc", "fills", "2", OrderStatus.ACCEPTED, "0", null));
            before.journal.answer("acc", "placeOrder", OrderResult.unknown("acc", JournalFixture.limit("unknown", "1.08"),
                    new ErrorDetail(ErrorCode.UNKNOWN_OUTCOME, false, null, "timeout", null), Instant.now()))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        // while the runtime was down: order 2 filled, the in-flight order reached the broker, someone placed order 9 by hand
        FakeBroker broker = new FakeBroker("acc");
        broker.put(result("acc", "rests", "1", OrderStatus.ACCEPTED, "0", null));
        broker.put(result("acc", "fills", "2", OrderStatus.FILLED, "1000", "1.0795"));
        broker.put(result("acc", "in-flight", "3", OrderStatus.ACCEPTED, "0", null));
        broker.put(result("acc", null, "9", OrderStatus.ACCEPTED, "0", null));

        try (JournalFixture after = new JournalFixture(directory, JournalFixture.FAST)) {
            ReconciliationReport report = after.journal.reconcile(broker).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(4, report.checked());
            assertEquals(Set.of("fills", "in-flight"), Set.copyOf(report.changed()));
            assertEquals(List.of("9"), report.adopted());
            assertEquals(List.of("unknown"), report.stillUnknown());
            Map<String, JournalOrder> orders = after.journal.orders(new JournalQuery("acc", JournalQuery.Scope.ALL, null, 10)).stream()
                    .collect(Collectors.toMap(JournalOrder::clientOrderId, Function.identity()));
            assertEquals(OrderStatus.ACCEPTED, orders.get("rests").status());
            assertEquals(OrderStatus.FILLED, orders.get("fills").status());
            assertEquals(0, new BigDecimal("1.0795").compareTo(orders.get("fills").averageFillPrice()));
            assertEquals(OrderStatus.ACCEPTED, orders.get("in-flight").status());
            assertEquals("3", orders.get("in-flight").brokerOrderId());
            assertTrue(orders.get("broker:9").adopted());
            assertEquals(OrderStatus.UNKNOWN, orders.get("unknown").status());
            List<JournalEntry> filled = after.journal.history("acc", "2");
            assertEquals(JournalEntryKind.RECONCILED, filled.get(filled.size() - 1).kind());
            assertEquals(OrderStatus.FILLED, filled.get(filled.size() - 1).status());
            assertEquals(Set.of("fills", "in-flight", "broker:9"), after.published.stream()
                    .filter(e -> e.kind() == OrderEventKind.RECONCILED).map(e -> e.clientOrderId() == null ? "broker:9" : e.clientOrderId())
                    .collect(Collectors.toSet()));
            assertTrue(broker.lookups.contains("client:in-flight"), "an order without a broker id is looked up by client order id");
        }
    }

    @Test
    void anOrderInFlightInThisRunIsLeftToTheCallerWaitingForItsAnswer() throws Exception {
        try (JournalFixture fixture = new JournalFixture(directory, JournalFixture.FAST)) {
            fixture.journal.intent("acc", JournalFixture.limit("sending", "1.08"), "direct").toCompletableFuture().get(5, TimeUnit.SECONDS);
            // a reconciliation while the account trades (after a gap in its events): the broker has not answered yet
            ReconciliationReport report = fixture.journal.reconcile(new FakeBroker("acc")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(0, report.checked());
            assertEquals(List.of(JournalEntryKind.INTENT), fixture.journal.history("acc", "sending").stream()
                    .map(JournalEntry::kind).toList(), "not made UNKNOWN under its caller");
        }
    }

    @Test
    void anOrderTheJournalSawAcceptedAndTheBrokerNoLongerHasIsFlaggedNotAssumed() throws Exception {
        try (JournalFixture fixture = new JournalFixture(directory, JournalFixture.FAST)) {
            fixture.journal.intent("acc", JournalFixture.limit("gone", "1.08"), "direct").toCompletableFuture().get(5, TimeUnit.SECONDS);
            fixture.journal.answer("acc", "placeOrder", result("acc", "gone", "1", OrderStatus.ACCEPTED, "0", null))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            // a simulated broker whose book did not survive a restart: its id 1 names another order now
            FakeBroker broker = new FakeBroker("acc");
            broker.put(result("acc", "someone-else", "1", OrderStatus.FILLED, "1000", "1.1"));
            ReconciliationReport report = fixture.journal.reconcile(broker).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertTrue(report.problems().stream().anyMatch(p -> p.contains("now names the order someone-else")), report.problems()::toString);
            JournalOrder flagged = fixture.journal.unresolved().get(0);
            assertEquals("gone", flagged.clientOrderId());
            assertEquals(OrderStatus.UNKNOWN, flagged.status());
        }
    }
}
