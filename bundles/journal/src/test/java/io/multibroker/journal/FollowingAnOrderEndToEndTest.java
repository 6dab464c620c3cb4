package io.multibroker.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.paper.PaperBrokerAdapter;
import io.multibroker.paper.TestPapers;
import io.multibroker.registry.BrokerRegistryImpl;
import io.multibroker.registry.TestRegistries;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first "done when", with the real parts: a resting limit order on a paper account, placed through the
 * registry's handle with this journal bound, fills when the market reaches it, and the fill reaches the caller's
 * subscriber and the journal without the caller asking for anything after the placement.
 */
class FollowingAnOrderEndToEndTest {

    @TempDir
    Path directory;
    private JdbcConnectionPool pool;
    private BrokerRegistryImpl registry;
    private OrderJournalImpl journal;
    private PaperBrokerAdapter paper;

    @BeforeEach
    void start() {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0", "", "");
        registry = TestRegistries.create();
        journal = new OrderJournalImpl(pool, false, JournalFixture.FAST,
                account -> registry.account(account).map(BrokerAccount::adapter), Clock.systemUTC());
        TestRegistries.bindJournal(registry, journal);
        paper = TestPapers.create("paper-e2e");
        TestRegistries.add(registry, 1, paper);
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.account("paper-e2e")
                .map(account -> account.health().status() == HealthStatus.UP).orElse(false));
    }

    @AfterEach
    void stop() throws Exception {
        TestRegistries.stop(registry);
        TestPapers.close(paper);
        journal.close();
        pool.dispose();
    }

    @Test
    void aRestingLimitOrdersFillReachesTheSubscriberAndTheJournalWithoutPolling() throws Exception {
        BrokerAccount account = registry.account("paper-e2e").orElseThrow();
        List<OrderEvent> events = new CopyOnWriteArrayList<>();
        account.adapter().orderEvents().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OrderEvent event) {
                events.add(event);
            }

            @Override
            public void onError(Throwable failure) {
                // the test sees no more events
            }

            @Override
            public void onComplete() {
                // the registry closed
            }
        });
        // a buy limit far below the market: it rests
        UnifiedOrder order = UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("1000"), new BigDecimal("0.90000"))
                .clientOrderId("e2e-1").build();
        OrderResult placed = account.adapter().placeOrder(order).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(OrderStatus.ACCEPTED, placed.status(), () -> "placed: " + placed);

        // the market comes down to it; the caller does nothing but listen
        assertTrue(TestPapers.touch(paper, placed.brokerOrderId()));

        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e.kind() == OrderEventKind.FILLED && "e2e-1".equals(e.clientOrderId())));
        OrderEvent fill = events.stream().filter(e -> e.kind() == OrderEventKind.FILLED).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("1000").compareTo(fill.fillUnits()));
        assertEquals(0, new BigDecimal("0.90000").compareTo(fill.fillPrice()));
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.history("paper-e2e", "e2e-1").stream()
                .anyMatch(entry -> entry.kind() == JournalEntryKind.FILLED));
        List<JournalEntry> history = journal.history("paper-e2e", placed.brokerOrderId());
        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.ACCEPTED, JournalEntryKind.FILLED),
                history.stream().map(JournalEntry::kind).toList());
        assertTrue(history.get(0).detail().startsWith("routing=direct; LIMIT BUY 1000 EUR_USD tif=GTC price=0.90000"),
                history.get(0).detail());
        assertEquals(0, new BigDecimal("0.9").compareTo(history.get(2).fillPrice()));
        assertTrue(!account.metrics().containsKey("getOrder") && !account.metrics().containsKey("findOrderByClientId"),
                () -> "nobody polled the order: " + account.metrics().keySet());
    }
}
