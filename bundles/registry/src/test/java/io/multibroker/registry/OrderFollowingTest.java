package io.multibroker.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.ReconciliationReport;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.CallerWaits;
import io.multibroker.api.support.Threads;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The registry's part in following orders: the intent is journalled before an order leaves, the answer after; an
 * account takes orders only once the journal has reconciled it; adapter events are journalled and reach the account's
 * subscribers, the merged ones and EventAdmin.
 */
class OrderFollowingTest {

    private final BrokerRegistryImpl registry = new BrokerRegistryImpl(new TestRegistryConfig(),
            (BrokerRegistryImpl.SchemaSource) entry -> Optional.of(new ConfigurationSchema(entry.type().factoryPid(),
                    entry.type().displayName(), "", List.of())));
    private final RecordingJournal journal = new RecordingJournal();
    private final List<Event> posted = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private void start() {
        registry.bindEventAdmin(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        });
        registry.useOrderJournal(journal);
    }

    private BrokerAccount awaitStatus(String account, HealthStatus status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.account(account).map(a -> a.health().status() == status).orElse(false));
        return registry.account(account).orElseThrow();
    }

    private static UnifiedOrder order(String clientOrderId) {
        return UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId(clientOrderId).build();
    }

    @Test
    void anOrderLeavesOnlyOnceItsIntentIsCommittedAndItsAnswerIsJournalled() throws Exception {
        start();
        FakeAdapter adapter = new FakeAdapter("a");
        registry.addAdapter(1, adapter, true);
        BrokerAccount account = awaitStatus("a", HealthStatus.UP);
        CompletableFuture<Void> committed = new CompletableFuture<>();
        journal.onIntent = () -> committed;

        CompletionStage<OrderResult> placed = account.adapter().placeOrder(order("c-1"), "experiment demo arm a");
        assertEquals(0, adapter.placed.get(), "not sent before the intent is committed");
        committed.complete(null);
        assertEquals(OrderStatus.FILLED, placed.toCompletableFuture().get(5, TimeUnit.SECONDS).status());
        assertEquals(1, adapter.placed.get());
        assertEquals(List.of("reconcile a", "intent c-1 experiment demo arm a", "answer placeOrder c-1 FILLED"), journal.calls);
    }

    @Test
    void aCallerThatWaitsSendsItsOrderFromItsOwnThreadOnceTheIntentIsCommitted() throws Exception {
        start();
        FakeAdapter adapter = new FakeAdapter("a");
        List<String> sentFrom = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> intents = new CopyOnWriteArrayList<>();
        Function<UnifiedOrder, CompletionStage<OrderResult>> fills = adapter.onPlace;
        adapter.onPlace = order -> {
            boolean committed = intents.get(intents.size() - 1).isDone();
            sentFrom.add(Thread.currentThread().getName() + (CallerWaits.onThisThread() ? " (caller waits)" : "")
                    + (committed ? "" : " BEFORE ITS INTENT WAS COMMITTED"));
            return fills.apply(order);
        };
        registry.addAdapter(1, adapter, true);
        BrokerAccount account = awaitStatus("a", HealthStatus.UP);
        ExecutorService writer = Executors.newSingleThreadExecutor(Threads.daemon("journal-writer"));
        try {
            // the intent commits on the journal's own thread, as the journal's writer commits a group
            journal.onIntent = () -> {
                CompletableFuture<Void> committed = new CompletableFuture<>();
                intents.add(committed);
                writer.execute(() -> committed.complete(null));
                return committed;
            };
            CompletionStage<OrderResult> waited = CallerWaits.whileCalling(() -> account.adapter().placeOrder(order("c-w")));
            assertTrue(waited.toCompletableFuture().isDone(), "placed and answered before the call returned");
            assertEquals(OrderStatus.FILLED, waited.toCompletableFuture().get().status());
            assertEquals(List.of(Thread.currentThread().getName() + " (caller waits)"), sentFrom);
            assertEquals(List.of("reconcile a", "intent c-w direct", "answer placeOrder c-w FILLED"), journal.calls);

            // without the word, the thread that commits the intent sends the order, and the caller is not held
            CompletableFuture<Void> later = new CompletableFuture<>();
            journal.onIntent = () -> {
                intents.add(later);
                return later;
            };
            CompletionStage<OrderResult> handedOff = account.adapter().placeOrder(order("c-h"));
            assertEquals(1, sentFrom.size(), "not sent before the intent is committed");
            writer.execute(() -> later.complete(null));
            assertEquals(OrderStatus.FILLED, handedOff.toCompletableFuture().get(5, TimeUnit.SECONDS).status());
            assertEquals("journal-writer", sentFrom.get(1));
        } finally {
            writer.shutdownNow();
        }
    }

    /** Whether or not the caller waits for the answer (and so the order would be sent from its thread). */
    @ParameterizedTest(name = "caller waits: {0}")
    @ValueSource(booleans = {false, true})
    void anOrderWhoseIntentCannotBeJournalledIsNotSent(boolean callerWaits) throws Exception {
        start();
        FakeAdapter adapter = new FakeAdapter("a");
        registry.addAdapter(1, adapter, true);
        BrokerAccount account = awaitStatus("a", HealthStatus.UP);
        journal.onIntent = () -> CompletableFuture.failedFuture(new SQLException("disk full"));

        Supplier<CompletionStage<OrderResult>> placing = () -> account.adapter().placeOrder(order("c-2"));
        OrderResult result = (callerWaits ? CallerWaits.whileCalling(placing) : placing.get()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, result.error().code());
        assertTrue(result.error().retryable(), "it certainly did not execute");
        assertTrue(result.error().message().contains("disk full"), result.error().message());
        assertEquals(0, adapter.placed.get());
    }

    @Test
    void aClientOrderIdTheJournalHasAlreadyIsRefusedAsADuplicateAndNotSent() throws Exception {
        start();
        FakeAdapter adapter = new FakeAdapter("a");
        registry.addAdapter(1, adapter, true);
        BrokerAccount account = awaitStatus("a", HealthStatus.UP);
        journal.onIntent = () -> CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.DUPLICATE_CLIENT_ORDER_ID,
                "the journal has an order with client order id c-3 already"));

        OrderResult result = account.adapter().placeOrder(order("c-3")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, result.error().code());
        assertEquals(false, result.error().retryable(), "sending it again would place the order twice");
        assertEquals(0, adapter.placed.get());

        // a replace whose replacement's client order id the journal has: the caller's duplicate, not a journal to wait for
        ExecutionException replace = assertThrows(ExecutionException.class, () -> account.adapter().replaceOrder("b-1",
                new OrderReplacement("c-3", null, null, TimeInForce.GTC, null, null, null)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        StandardBrokerError refused = StandardBrokerError.from(replace.getCause());
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, refused.code(), refused.getMessage());
        assertFalse(refused.detail().retryable(), refused.getMessage());
        assertTrue(refused.getMessage().contains("replace not sent") && refused.getMessage().contains("c-3"), refused.getMessage());
        assertEquals(List.of(), adapter.replaced, "not sent");
    }

    /** A replacement's intent as the journal books it: no answer yet, no broker order id, linked to the order it replaces. */
    private static JournalOrder replacementIntent(String clientOrderId, String replaces) {
        return new JournalOrder("a", clientOrderId, null, "EUR_USD", OrderSide.BUY, OrderType.LIMIT, null, BigDecimal.TEN, BigDecimal.ZERO,
                null, new BigDecimal("1.05"), "replace of " + replaces, replaces, null, false, false, null, Instant.EPOCH, Instant.EPOCH);
    }

    /**
     * A replace the broker refused leaves no replacement open in the journal: its intent is answered REJECTED where the
     * refusal says nothing was done, UNKNOWN (to be reconciled) where it does not; one the journal never booked is left be.
     */
    @Test
    void aFailedReplaceEndsItsReplacementsIntent() throws Exception {
        start();
        FakeAdapter adapter = new FakeAdapter("a");
        registry.addAdapter(1, adapter, true);
        BrokerAccount account = awaitStatus("a", HealthStatus.UP);
        journal.held.add(replacementIntent("r-1", "b-1"));
        journal.held.add(replacementIntent("r-2", "b-2"));

        adapter.replaceFailure = new StandardBrokerError(ErrorCode.ORDER_NOT_FOUND, "order b-1 is CANCELLED, not resting");
        assertThrows(ExecutionException.class, () -> account.adapter().replaceOrder("b-1",
                new OrderReplacement("r-1", new BigDecimal("1.06"), null, null, null, null, null)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(journal.calls.contains("answer replaceOrder r-1 REJECTED"), journal.calls.toString());

        // a 200 the adapter could not read: the replacement may well exist
        adapter.replaceFailure = new StandardBrokerError(ErrorCode.BROKER_PROTOCOL_ERROR, "the answer to the replace had no status");
        assertThrows(ExecutionException.class, () -> account.adapter().replaceOrder("b-2",
                new OrderReplacement("r-2", new BigDecimal("1.06"), null, null, null, null, null)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(journal.calls.contains("answer replaceOrder r-2 UNKNOWN"), journal.calls.toString());

        // an id that names a resting order of its own (the journal did not know b-3, so it booked no replacement): left be
        journal.held.add(new JournalOrder("a", "r-3", "30", "EUR_USD", OrderSide.BUY, OrderType.LIMIT, OrderStatus.ACCEPTED, BigDecimal.TEN,
                BigDecimal.ZERO, null, new BigDecimal("1.05"), "direct", null, null, false, false, null, Instant.EPOCH, Instant.EPOCH));
        assertThrows(ExecutionException.class, () -> account.adapter().replaceOrder("b-3",
                new OrderReplacement("r-3", new BigDecimal("1.06"), null, null, null, null, null)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(journal.calls.stream().noneMatch(call -> call.contains("r-3") && call.startsWith("answer")), journal.calls.toString());
    }

    @Test
    void anAccountTakesOrdersOnlyOnceItsOrdersAreReconciled() throws Exception {
        start();
        CompletableFuture<ReconciliationReport> reconciliation = new CompletableFuture<>();
        journal.onReconcile = () -> reconciliation;
        FakeAdapter adapter = new FakeAdapter("a");
        registry.addAdapter(1, adapter, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> journal.calls.contains("reconcile a"));
        BrokerAccount account = registry.account("a").orElseThrow();
        assertEquals(HealthStatus.CONNECTING, account.health().status());
        OrderResult refused = account.adapter().placeOrder(order("early")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertTrue(registry.eligibleAccounts(order("early")).isEmpty(), "the router does not pick it either");
        assertEquals(0, adapter.placed.get());

        reconciliation.complete(new ReconciliationReport("a", 0, List.of(), List.of(), List.of(), List.of(), Instant.now(), Instant.now()));
        awaitStatus("a", HealthStatus.UP);
    }

    @Test
    void aFailedReconciliationKeepsTheAccountDownUntilOneSucceeds() {
        start();
        journal.onReconcile = () -> CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.NETWORK_ERROR, "broker unreachable"));
        registry.addAdapter(1, new FakeAdapter("a"), true);
        BrokerAccount account = awaitStatus("a", HealthStatus.DOWN);
        assertTrue(account.health().reason().contains("reconciliation"), account.health().reason());

        journal.onReconcile = () -> CompletableFuture.completedFuture(
                new ReconciliationReport("a", 0, List.of(), List.of(), List.of(), List.of(), Instant.now(), Instant.now()));
        awaitStatus("a", HealthStatus.UP);
    }

    @Test
    void adapterEventsAreJournalledAndReachEverySubscriberWithoutPolling() {
        start();
        EventingAdapter adapter = new EventingAdapter("a");
        registry.addAdapter(1, adapter, true);
        BrokerAccount account = awaitStatus("a", HealthStatus.UP);
        Collector perAccount = new Collector();
        Collector merged = new Collector();
        account.adapter().orderEvents().subscribe(perAccount);
        registry.orderEvents().subscribe(merged);
        await().atMost(Duration.ofSeconds(5)).until(() -> adapter.events.subscriberCount() == 1);

        OrderEvent fill = new OrderEvent("a", OrderEventKind.FILLED, "c-9", "9", "EUR_USD", OrderSide.BUY, OrderStatus.FILLED,
                BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, new BigDecimal("1.1"), new BigDecimal("1.1"), null, "tx-1", null, Instant.now());
        adapter.events.publish(fill);

        await().atMost(Duration.ofSeconds(5)).until(() -> perAccount.events.contains(fill) && merged.events.contains(fill));
        assertTrue(journal.calls.contains("event FILLED c-9"), journal.calls::toString);
        await().atMost(Duration.ofSeconds(5)).until(() -> posted.stream().anyMatch(e -> e.getTopic().equals(BrokerRegistry.TOPIC_ORDER_PREFIX
                + "FILLED") && "1.1".equals(e.getProperty("fill.price")) && "c-9".equals(e.getProperty("client.order.id"))));
    }

    @Test
    void theJournalsReconciliationsReachTheAccountsSubscribers() {
        start();
        registry.addAdapter(1, new FakeAdapter("a"), true);
        BrokerAccount account = awaitStatus("a", HealthStatus.UP);
        Collector perAccount = new Collector();
        account.adapter().orderEvents().subscribe(perAccount);
        await().atMost(Duration.ofSeconds(5)).until(() -> journal.events.subscriberCount() == 1);

        OrderEvent resolved = new OrderEvent("a", OrderEventKind.RECONCILED, "c-5", "5", "EUR_USD", OrderSide.BUY, OrderStatus.FILLED,
                BigDecimal.TEN, BigDecimal.TEN, null, null, new BigDecimal("1.1"), null, null, "resolved", Instant.now());
        journal.events.publish(resolved);
        await().atMost(Duration.ofSeconds(5)).until(() -> perAccount.events.contains(resolved));
        assertTrue(journal.calls.stream().noneMatch(call -> call.startsWith("event")), "the journal's own events are not journalled again");
    }

    private static final class Collector implements Flow.Subscriber<OrderEvent> {
        final List<OrderEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(OrderEvent item) {
            events.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            // not expected
        }

        @Override
        public void onComplete() {
            // not expected
        }
    }
}
