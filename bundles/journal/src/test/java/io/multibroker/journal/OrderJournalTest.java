package io.multibroker.journal;

import static io.multibroker.journal.FakeBroker.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderJournalTest {

    @TempDir
    Path directory;
    JournalFixture fixture;

    /** A journal on this test's database: an H2 file here, PostgreSQL in {@link OrderJournalPostgresTest}. */
    JournalFixture openFixture() {
        return new JournalFixture(directory, JournalFixture.FAST);
    }

    /** A connection of its own to the journal's database, as another process would open. */
    Connection otherConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + directory.resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0", "", "");
    }

    @BeforeEach
    void open() {
        fixture = openFixture();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<JournalEntryKind> kinds(List<JournalEntry> entries) {
        return entries.stream().map(JournalEntry::kind).toList();
    }

    private static OrderEvent fill(OrderEventKind kind, String brokerId, String fillUnits, String filled, String price) {
        return new OrderEvent("acc", kind, "c-1", brokerId, "EUR_USD", OrderSide.BUY,
                kind == OrderEventKind.FILLED ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED, new BigDecimal("1000"),
                new BigDecimal(filled), new BigDecimal(fillUnits), new BigDecimal(price), new BigDecimal(price), null, "tx-" + filled, null,
                Instant.now());
    }

    @Test
    void anIntentIsCommittedWhenItsStageCompletes() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("c-1", "1.08"), "explicit"));
        // a second connection of its own, as another process would read the file: the row is there, committed
        try (Connection other = otherConnection(); Statement statement = other.createStatement();
                ResultSet rows = statement.executeQuery("SELECT kind, detail FROM journal_entry WHERE client_order_id = 'c-1'")) {
            assertTrue(rows.next(), "the intent is in the database");
            assertEquals("INTENT", rows.getString(1));
            assertTrue(rows.getString(2).contains("routing=explicit; LIMIT BUY 1000 EUR_USD tif=GTC price=1.08"), rows.getString(2));
        }
        JournalOrder order = fixture.journal.orders(new JournalQuery("acc", JournalQuery.Scope.OPEN, null, 10)).get(0);
        assertNull(order.status(), "sent or about to be: no answer yet");
    }

    @Test
    void aClientOrderIdTheJournalHasIsNeverJournalledAsANewOrder() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("c-1", "1.08"), "direct"));
        await(fixture.journal.answer("acc", "placeOrder", result("acc", "c-1", "17", OrderStatus.FILLED, "1000", "1.08")));
        ExecutionException inMemory = assertThrows(ExecutionException.class,
                () -> await(fixture.journal.intent("acc", JournalFixture.limit("c-1", "1.09"), "direct")));
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, StandardBrokerError.from(inMemory.getCause()).code());
        // opened again, the journal holds only open orders in memory: the database's key refuses the duplicate
        fixture.close();
        fixture = openFixture();
        ExecutionException inDatabase = assertThrows(ExecutionException.class,
                () -> await(fixture.journal.intent("acc", JournalFixture.limit("c-1", "1.10"), "direct")));
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, StandardBrokerError.from(inDatabase.getCause()).code());
        JournalOrder kept = fixture.journal.orders(new JournalQuery("acc", JournalQuery.Scope.ALL, null, 10)).get(0);
        assertEquals(OrderStatus.FILLED, kept.status(), "the order the id names is untouched");
        assertEquals(0, new BigDecimal("1.08").compareTo(kept.price()));
        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.FILLED), kinds(fixture.journal.history("acc", "c-1")));
    }

    @Test
    void aClientOrderIdOpenAtOneAccountIsNotJournalledAtAnother() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("twice-1", "1.08"), "direct"));
        // the shell and the HTTP API, say, sending the one id to two accounts at once: the second is never sent
        ExecutionException elsewhere = assertThrows(ExecutionException.class,
                () -> await(fixture.journal.intent("other", JournalFixture.limit("twice-1", "1.08"), "direct")));
        StandardBrokerError refusal = StandardBrokerError.from(elsewhere.getCause());
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, refusal.code());
        assertTrue(refusal.getMessage().contains("names an open order at account acc"), refusal.getMessage());
        assertTrue(fixture.journal.orders(new JournalQuery("other", JournalQuery.Scope.ALL, null, 10)).isEmpty(), "nothing booked there");

        // the journal's own rule once the order ended is the account's; the shell and the HTTP API look an ended order's id up
        await(fixture.journal.answer("acc", "placeOrder", result("acc", "twice-1", "18", OrderStatus.FILLED, "1000", "1.08")));
        await(fixture.journal.intent("other", JournalFixture.limit("twice-1", "1.08"), "direct"));
        assertEquals(1, fixture.journal.orders(new JournalQuery("other", JournalQuery.Scope.OPEN, null, 10)).size());
    }

    @Test
    void anOrderRefusedBeforeSendingIsJournalledRejectedWithItsReasonNotAdopted() throws Exception {
        ErrorDetail limit = ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "max.order.units of account acc is 1000 units; the order's units are 1001");
        await(fixture.journal.answer("acc", OrderJournal.REFUSED_BEFORE_SENDING, OrderResult.rejected("acc",
                JournalFixture.limit("refused-1", "1.08"), limit, Instant.now())));
        JournalOrder refused = fixture.journal.orderByClientId("acc", "refused-1").orElseThrow();
        assertEquals(OrderStatus.REJECTED, refused.status());
        assertFalse(refused.adopted(), "nothing reached the broker: no order adopted from it");
        assertTrue(refused.reason().contains("RISK_LIMIT_EXCEEDED: max.order.units of account acc is 1000 units"), refused.reason());
        assertEquals(List.of(JournalEntryKind.REJECTED), kinds(fixture.journal.history("acc", "refused-1")));
    }

    @Test
    void anOrderInFlightWhenTheRuntimeStoppedIsStillRefusedAtAnotherAccount() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("before-1", "1.08"), "direct"));
        // opened again: what a caller sends again after a restart, which the router (which looks no id up) could send elsewhere
        fixture.close();
        fixture = openFixture();
        ExecutionException elsewhere = assertThrows(ExecutionException.class,
                () -> await(fixture.journal.intent("other", JournalFixture.limit("before-1", "1.08"), "direct")));
        assertEquals(ErrorCode.DUPLICATE_CLIENT_ORDER_ID, StandardBrokerError.from(elsewhere.getCause()).code());
        assertTrue(fixture.journal.orders(new JournalQuery("other", JournalQuery.Scope.ALL, null, 10)).isEmpty());
    }

    @Test
    void aRefusalBeforeSendingOfAnIdTheJournalHasChangesNothingOfItsOrder() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("kept-1", "1.08"), "direct"));
        await(fixture.journal.answer("acc", "placeOrder", result("acc", "kept-1", "21", OrderStatus.ACCEPTED, "0", null)));
        // the same id sent again through the router, refused by a risk limit before it left
        await(fixture.journal.answer("acc", OrderJournal.REFUSED_BEFORE_SENDING, OrderResult.rejected("acc",
                JournalFixture.limit("kept-1", "1.08"), ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "max.open.orders"), Instant.now())));
        assertEquals(OrderStatus.ACCEPTED, fixture.journal.orderByClientId("acc", "kept-1").orElseThrow().status(), "still resting");
    }

    @Test
    void aRestingOrderIsFollowedThroughItsFillsAndDuplicatesAddNothing() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("c-1", "1.08"), "direct"));
        await(fixture.journal.answer("acc", "placeOrder", result("acc", "c-1", "17", OrderStatus.ACCEPTED, "0", null)));
        await(fixture.journal.event(fill(OrderEventKind.PARTIALLY_FILLED, "17", "400", "400", "1.08")));
        await(fixture.journal.event(fill(OrderEventKind.FILLED, "17", "600", "1000", "1.0799")));
        // the same fill again (a reconnect that replays it), a stale answer, a poll that says what is known
        await(fixture.journal.event(fill(OrderEventKind.FILLED, "17", "600", "1000", "1.0799")));
        await(fixture.journal.answer("acc", "getOrder", result("acc", "c-1", "17", OrderStatus.ACCEPTED, "0", null)));
        await(fixture.journal.answer("acc", "getOrder", result("acc", "c-1", "17", OrderStatus.FILLED, "1000", "1.07994")));

        List<JournalEntry> history = fixture.journal.history("acc", "17");
        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.ACCEPTED, JournalEntryKind.PARTIALLY_FILLED,
                JournalEntryKind.FILLED), kinds(history));
        assertEquals(history, fixture.journal.history("acc", "c-1"), "by broker id and by client order id alike");
        JournalEntry partial = history.get(2);
        assertEquals(0, new BigDecimal("400").compareTo(partial.fillUnits()));
        assertEquals(0, new BigDecimal("1.08").compareTo(partial.fillPrice()));
        assertEquals("tx-400", partial.brokerEventId());
        JournalOrder order = fixture.journal.orders(new JournalQuery("acc", JournalQuery.Scope.ALL, null, 10)).get(0);
        assertEquals(OrderStatus.FILLED, order.status());
        assertEquals(new BigDecimal("1000"), order.filledUnits());
        assertEquals("17", order.brokerOrderId());
        assertTrue(fixture.journal.orders(new JournalQuery("acc", JournalQuery.Scope.OPEN, null, 10)).isEmpty());
    }

    @Test
    void aFillThatArrivesBeforeThePlacementAnswerIsNotUndoneByIt() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("c-1", "1.08"), "direct"));
        await(fixture.journal.event(fill(OrderEventKind.FILLED, "17", "1000", "1000", "1.08")));
        await(fixture.journal.answer("acc", "placeOrder", result("acc", "c-1", "17", OrderStatus.ACCEPTED, "0", null)));
        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.FILLED), kinds(fixture.journal.history("acc", "c-1")));
    }

    @Test
    void aReplaceLinksTheReplacedOrderAndItsReplacement() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("c-1", "1.08"), "direct"));
        await(fixture.journal.answer("acc", "placeOrder", result("acc", "c-1", "17", OrderStatus.ACCEPTED, "0", null)));
        OrderReplacement replacement = new OrderReplacement("c-2", new BigDecimal("1.07"), null, null, null, null, null);
        await(fixture.journal.replaceIntent("acc", "17", replacement));
        OrderResult replacing = result("acc", "c-2", "18", OrderStatus.ACCEPTED, "0", null);
        await(fixture.journal.replaced("acc", "17", replacing));

        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.ACCEPTED, JournalEntryKind.REPLACE_REQUESTED,
                JournalEntryKind.REPLACED), kinds(fixture.journal.history("acc", "17")));
        List<JournalEntry> replacement2 = fixture.journal.history("acc", "18");
        assertEquals(List.of(JournalEntryKind.INTENT, JournalEntryKind.ACCEPTED), kinds(replacement2));
        assertTrue(replacement2.get(0).detail().contains("price=1.07"), replacement2.get(0).detail());
        assertEquals("17", replacement2.get(0).relatedOrderId());
        List<JournalOrder> all = fixture.journal.orders(new JournalQuery("acc", JournalQuery.Scope.ALL, null, 10));
        JournalOrder old = all.stream().filter(o -> o.clientOrderId().equals("c-1")).findFirst().orElseThrow();
        JournalOrder next = all.stream().filter(o -> o.clientOrderId().equals("c-2")).findFirst().orElseThrow();
        assertEquals("18", old.replacedByOrderId());
        assertEquals(OrderStatus.CANCELLED, old.status());
        assertEquals("17", next.replacesOrderId());
        assertEquals(0, new BigDecimal("1.07").compareTo(next.price()));
    }

    @Test
    void anOrderTheJournalNeverSawIsTakenInAndFlagged() throws Exception {
        await(fixture.journal.answer("acc", "cancelOrder", result("acc", null, "40", OrderStatus.CANCELLED, "0", null)));
        JournalOrder order = fixture.journal.orders(new JournalQuery("acc", JournalQuery.Scope.ALL, null, 10)).get(0);
        assertTrue(order.adopted());
        assertEquals("broker:40", order.clientOrderId());
        assertEquals("cancelOrder", order.routing());
        assertFalse(order.open());
        assertEquals(List.of(JournalEntryKind.ADOPTED), kinds(fixture.journal.history("acc", "40")));
    }

    @Test
    void theOrdersOfAPositionClosedHereAreJournalledAsFilledNotAdopted() throws Exception {
        await(fixture.journal.answer("acc", "closePosition", result("acc", "close-1", "41", OrderStatus.FILLED, "1000", "1.1")));
        JournalOrder order = fixture.journal.orders(new JournalQuery("acc", JournalQuery.Scope.ALL, null, 10)).get(0);
        assertFalse(order.adopted());
        assertEquals("closePosition", order.routing());
        List<JournalEntry> history = fixture.journal.history("acc", "41");
        assertEquals(List.of(JournalEntryKind.FILLED), kinds(history));
        assertEquals(0, new BigDecimal("1000").compareTo(history.get(0).fillUnits()));
    }

    @Test
    void ordersAreListedByScopeAccountAndTime() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("open", "1.08"), "direct"));
        await(fixture.journal.answer("acc", "placeOrder", result("acc", "open", "1", OrderStatus.ACCEPTED, "0", null)));
        await(fixture.journal.intent("acc", JournalFixture.limit("done", "1.08"), "direct"));
        await(fixture.journal.answer("acc", "placeOrder", result("acc", "done", "2", OrderStatus.FILLED, "1000", "1.08")));
        await(fixture.journal.intent("other", JournalFixture.limit("elsewhere", "1.08"), "direct"));
        assertEquals(List.of("open"), ids(new JournalQuery("acc", JournalQuery.Scope.OPEN, null, 10)));
        assertEquals(2, ids(new JournalQuery("acc", JournalQuery.Scope.ALL, null, 10)).size());
        assertEquals(3, ids(new JournalQuery(null, JournalQuery.Scope.ALL, null, 10)).size());
        assertEquals(List.of("elsewhere"), ids(new JournalQuery(null, JournalQuery.Scope.UNKNOWN, null, 10)));
        assertEquals(List.of(), ids(new JournalQuery(null, JournalQuery.Scope.ALL, Instant.now().plusSeconds(60), 10)));
        List<JournalEntry> latest = fixture.journal.recentEntries("acc", null, 2);
        assertEquals(List.of(JournalEntryKind.FILLED, JournalEntryKind.INTENT), kinds(latest), "newest first");
        assertEquals(List.of("done", "done"), latest.stream().map(JournalEntry::clientOrderId).toList());
        assertEquals(5, fixture.journal.recentEntries(null, null, 100).size());
    }

    @Test
    void aChangeOfTradingStateIsJournalledAmongTheOrdersEntriesAndKeptButIsNoOrder() throws Exception {
        await(fixture.journal.intent("acc", JournalFixture.limit("before", "1.08"), "direct"));
        Instant halted = Instant.parse("2026-11-30T06:00:00Z");
        await(fixture.journal.tradingState(null, TradingState.ACTIVE, TradingState.HALTED, "alice", "fat finger", halted));
        await(fixture.journal.tradingState("acc", TradingState.ACTIVE, TradingState.REDUCING, "risk", "daily loss 12 USD", halted));

        List<JournalEntry> latest = fixture.journal.recentEntries(null, null, 10);
        assertEquals(List.of(JournalEntryKind.TRADING_STATE, JournalEntryKind.TRADING_STATE, JournalEntryKind.INTENT), kinds(latest));
        JournalEntry global = latest.get(1);
        assertEquals("*", global.accountId());
        assertEquals("", global.clientOrderId());
        assertNull(global.status());
        assertEquals("ACTIVE -> HALTED by alice: fat finger", global.reason());
        assertEquals("scope=global; from=ACTIVE; to=HALTED; by=alice; reason=fat finger", global.detail());
        assertEquals(halted, global.brokerTime());
        assertEquals(List.of("ACTIVE -> REDUCING by risk: daily loss 12 USD"),
                fixture.journal.recentEntries("acc", null, 10).stream().filter(e -> e.kind() == JournalEntryKind.TRADING_STATE)
                        .map(JournalEntry::reason).toList(), "an account's change is listed with its account's entries");
        // it is no order: the order queries and an order's history do not see it
        assertEquals(List.of("before"), ids(new JournalQuery(null, JournalQuery.Scope.ALL, null, 10)));
        assertEquals(List.of(JournalEntryKind.INTENT), kinds(fixture.journal.history("acc", "before")));

        // committed: a journal opened again on the same database still has it
        fixture.close();
        fixture = openFixture();
        assertEquals(2, fixture.journal.recentEntries(null, null, 10).stream().filter(e -> e.kind() == JournalEntryKind.TRADING_STATE)
                .count());
    }

    private List<String> ids(JournalQuery query) {
        return fixture.journal.orders(query).stream().map(JournalOrder::clientOrderId).toList();
    }
}
