package io.multibroker.journal;

import static io.multibroker.journal.FakeBroker.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.cluster.AccountLease;
import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.ReconciliationReport;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal of one of several runtimes sharing a database writes, reconciles and checks only the accounts it holds. */
class JournalOwnershipTest {

    @TempDir
    Path directory;

    /** Holds "mine"; "theirs" is another runtime's; the lease of "lost" was taken by another runtime behind this one's back. */
    private static final class Ownership implements AccountOwnership {
        final List<Set<String>> fenced = new CopyOnWriteArrayList<>();

        @Override
        public Optional<ErrorDetail> refusal(String accountId) {
            return Optional.empty();
        }

        @Override
        public boolean heldHere(String accountId) {
            return !accountId.equals("theirs");
        }

        @Override
        public void fence(Connection connection, Collection<String> accountIds) throws SQLException {
            fenced.add(Set.copyOf(accountIds));
            if (accountIds.contains("lost")) {
                throw new SQLException("fenced: runtime other holds the lease of lost at epoch 2");
            }
        }

        @Override
        public List<AccountLease> leases() {
            return List.of();
        }

        @Override
        public String runtimeId() {
            return "this";
        }
    }

    @Test
    void anIntentForAnAccountWhoseLeaseWasLostIsNotCommittedSoTheOrderIsNeverSent() throws Exception {
        try (JournalFixture fixture = new JournalFixture(directory, JournalFixture.FAST)) {
            Ownership ownership = new Ownership();
            fixture.journal.ownership(ownership);
            fixture.journal.intent("mine", JournalFixture.limit("ok-1", "1.08"), "direct").toCompletableFuture().get(5, TimeUnit.SECONDS);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> fixture.journal
                    .intent("lost", JournalFixture.limit("zombie-1", "1.08"), "direct").toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertTrue(String.valueOf(refused.getCause()).contains("fenced"), String.valueOf(refused.getCause()));
            assertEquals(List.of("ok-1"), fixture.journal.orders(new JournalQuery(null, JournalQuery.Scope.ALL, null, 10)).stream()
                    .map(order -> order.clientOrderId()).toList(), "the fenced intent left nothing behind");
            assertTrue(ownership.fenced.contains(Set.of("mine")), "every commit is fenced with its accounts: " + ownership.fenced);
        }
    }

    @Test
    void anotherRuntimesAccountIsNeitherJournalledFromEventsNorReconciledHere() throws Exception {
        try (JournalFixture fixture = new JournalFixture(directory, JournalFixture.FAST)) {
            fixture.journal.ownership(new Ownership());
            fixture.journal.event(new OrderEvent("theirs", OrderEventKind.FILLED, "c-9", "9", "EUR_USD", OrderSide.BUY, OrderStatus.FILLED,
                    new BigDecimal("1000"), new BigDecimal("1000"), new BigDecimal("1000"), new BigDecimal("1.08"), new BigDecimal("1.08"),
                    null, "tx-9", null, Instant.now())).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertTrue(fixture.journal.orders(new JournalQuery("theirs", JournalQuery.Scope.ALL, null, 10)).isEmpty(),
                    "the owner journals its events");

            FakeBroker broker = new FakeBroker("theirs");
            broker.put(result("theirs", "c-9", "9", OrderStatus.FILLED, "1000", "1.08"));
            ReconciliationReport report = fixture.journal.reconcile(broker).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(0, report.checked());
            assertTrue(report.problems().get(0).contains("another runtime"), report.problems().toString());
            assertTrue(broker.lookups.isEmpty(), "the broker was not asked");
        }
    }
}
