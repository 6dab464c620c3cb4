package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.support.OrderEventFanout;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.jupiter.api.Test;

/** The commands that follow orders: what the journal holds (orders, one order's history, recent entries) and live events. */
class JournalCommandsTest {

    private static final Instant AT = ConsoleFixture.AT;
    private final ConsoleFixture fixture = new ConsoleFixture();
    private final List<JournalQuery> queries = new CopyOnWriteArrayList<>();

    private static JournalOrder resting() {
        return new JournalOrder("paper-fast", "c-1", "42", "EUR_USD", OrderSide.BUY, OrderType.LIMIT, OrderStatus.PARTIALLY_FILLED,
                new BigDecimal("1000"), new BigDecimal("400"), new BigDecimal("1.0825"), new BigDecimal("1.0825"), "experiment demo arm paper-fast",
                null, null, false, false, null, AT, AT);
    }

    /** Its intent journalled, no answer yet. */
    private static JournalOrder sent() {
        return new JournalOrder("paper-sent", "c-2", null, "EUR_USD", OrderSide.BUY, OrderType.MARKET, null, new BigDecimal("7"),
                BigDecimal.ZERO, null, null, "explicit", null, null, false, false, null, AT, AT);
    }

    private static JournalOrder adoptedUnresolved() {
        return new JournalOrder("paper-fast", "broker:7", "7", "EUR_USD", OrderSide.SELL, OrderType.LIMIT, OrderStatus.UNKNOWN,
                new BigDecimal("5"), BigDecimal.ZERO, null, null, "adopted", null, null, true, true, "decide by hand", AT, AT);
    }

    private static List<JournalEntry> history() {
        return List.of(
                new JournalEntry(1, "paper-fast", "c-1", null, JournalEntryKind.INTENT, null, null, null, BigDecimal.ZERO, null, null, null,
                        null, "routing=direct; LIMIT BUY 1000 EUR_USD tif=GTC price=1.0825", null, AT),
                new JournalEntry(2, "paper-fast", "c-1", "42", JournalEntryKind.ACCEPTED, OrderStatus.ACCEPTED, null, null, BigDecimal.ZERO,
                        null, null, null, null, null, AT, AT.plusMillis(8)),
                new JournalEntry(3, "paper-fast", "c-1", "42", JournalEntryKind.PARTIALLY_FILLED, OrderStatus.PARTIALLY_FILLED,
                        new BigDecimal("400"), new BigDecimal("1.0825"), new BigDecimal("400"), new BigDecimal("1.0825"), null, "F1", null,
                        null, AT, AT.plusSeconds(3)));
    }

    private final OrderJournal journal = Fakes.answering()
            .with("orders", args -> {
                queries.add((JournalQuery) args[0]);
                String account = ((JournalQuery) args[0]).accountId();
                return "nosuch".equals(account) ? List.of() : "paper-sent".equals(account) ? List.of(sent(), resting()) : List.of(resting());
            })
            .returning("unresolved", List.of(adoptedUnresolved()))
            .with("history", args -> "42".equals(args[1]) || "c-1".equals(args[1]) ? history() : List.of())
            .with("recentEntries", args -> {
                List<JournalEntry> newestFirst = new ArrayList<>(history());
                Collections.reverse(newestFirst);
                return newestFirst;
            })
            .as(OrderJournal.class);

    private String run(JournalCommand command, BrokerRegistry registry, String... line) throws Exception {
        fixture.inject(command);
        fixture.optionalServices.put(OrderJournal.class, journal);
        if (registry != null) {
            command.registry = registry;
        }
        new DefaultActionPreparator().prepare((Action) command, fixture.session, new ArrayList<>(List.of((Object[]) line)));
        command.execute();
        return fixture.output();
    }

    @Test
    void ordersListsTheJournalsOpenOrdersWithTheirRouting() throws Exception {
        String out = run(new OrdersCommand(), null, "--account", "paper-fast", "--since", "1h");
        assertTrue(out.contains("c-1") && out.contains("PARTIALLY_FILLED") && out.contains("experiment demo arm paper-fast"), out);
        assertTrue(out.contains("1.08250"), "the price at the instrument's precision: " + out);
        JournalQuery query = queries.get(0);
        assertEquals(JournalQuery.Scope.OPEN, query.scope());
        assertEquals("paper-fast", query.accountId());
        assertTrue(query.since().isAfter(Instant.now().minusSeconds(3700)));
    }

    @Test
    void unresolvedOrdersAreFlaggedForTheOperator() throws Exception {
        String out = run(new OrdersCommand(), null, "--status", "unresolved");
        assertTrue(out.contains("broker:7") && out.contains("adopted, UNRESOLVED"), out);
    }

    @Test
    void ordersAsJson() throws Exception {
        JsonNode orders = BrokerCommand.JSON.readTree(run(new OrdersCommand(), null, "--status", "all", "--json"));
        assertEquals("c-1", orders.get(0).get("clientOrderId").asText());
        assertEquals("1.0825", orders.get(0).get("averageFillPrice").asText());
        // a decimal string, as over HTTP: a client's JSON parser that reads numbers as doubles cannot alter it
        assertTrue(orders.get(0).get("averageFillPrice").isTextual(), orders.get(0).toString());
        assertTrue(orders.get(0).get("requestedUnits").isTextual(), orders.get(0).toString());
        assertEquals(JournalQuery.Scope.ALL, queries.get(0).scope());
    }

    /** An order with no answer yet reads SENT in JSON, as in the table and over HTTP: it was null. */
    @Test
    void anOrderWithNoAnswerYetIsSentInJson() throws Exception {
        String written = run(new OrdersCommand(), null, "--account", "paper-sent", "--json");
        JsonNode orders = BrokerCommand.JSON.readTree(written);
        assertEquals("SENT", orders.get(0).get("status").asText(), written);
        assertEquals("PARTIALLY_FILLED", orders.get(1).get("status").asText(), written);
    }

    /** An account the runtime never had is named as the mistake it is: the listing was empty and the command succeeded. */
    @Test
    void ordersOfAnAccountNeverRegisteredNorJournalledAreRefused() {
        Exception refused = assertThrows(Exception.class, () -> run(new OrdersCommand(), null, "--account", "nosuch"));
        assertTrue(refused.getMessage().contains("--account nosuch: no account of that name is registered"), refused.getMessage());
    }

    @Test
    void aStatusThatDoesNotExistIsRefusedNamingTheChoices() {
        Exception refused = assertThrows(Exception.class, () -> run(new OrdersCommand(), null, "--status", "pending"));
        assertTrue(refused.getMessage().contains("open, unknown, unresolved or all"), refused.getMessage());
    }

    @Test
    void orderStatusPrintsTheWholeHistoryInOrder() throws Exception {
        String out = run(new OrderStatusCommand(), null, "paper-fast", "42");
        assertTrue(out.startsWith("Order c-1 (broker id 42) of paper-fast: PARTIALLY_FILLED"), out);
        int intent = out.indexOf("INTENT");
        int accepted = out.indexOf("ACCEPTED");
        int partial = out.indexOf("PARTIALLY_FILLED", accepted);
        assertTrue(intent > 0 && intent < accepted && accepted < partial, out);
        assertTrue(out.contains("routing=direct; LIMIT BUY 1000 EUR_USD"), out);
    }

    @Test
    void orderStatusAsJsonAfterTheArguments() throws Exception {
        JsonNode history = BrokerCommand.JSON.readTree(run(new OrderStatusCommand(), null, "paper-fast", "c-1", "--json"));
        assertEquals(3, history.size());
        assertEquals("F1", history.get(2).get("brokerEventId").asText());
    }

    @Test
    void anOrderTheJournalDoesNotHaveIsAFailedCommand() {
        Exception refused = assertThrows(Exception.class, () -> run(new OrderStatusCommand(), null, "paper-fast", "nope"));
        assertTrue(refused.getMessage().contains("no order nope of paper-fast"), refused.getMessage());
    }

    @Test
    void eventsWithoutFollowAreTheLatestEntriesOldestFirst() throws Exception {
        String out = run(new EventsCommand(), null, "--count", "3");
        assertTrue(out.indexOf("INTENT") < out.indexOf("PARTIALLY_FILLED"), out);
    }

    @Test
    void eventsFollowPrintsEachEventAsItComes() throws Exception {
        OrderEventFanout source = new OrderEventFanout("*", Executors.newSingleThreadExecutor(), 16);
        BrokerRegistry registry = Fakes.answering().with("orderEvents", args -> source.publisher()).as(BrokerRegistry.class);
        Thread publisher = new Thread(() -> {
            while (source.subscriberCount() == 0) {
                Thread.onSpinWait();
            }
            source.publish(new OrderEvent("paper-fast", OrderEventKind.ACCEPTED, "c-1", "42", "EUR_USD", OrderSide.BUY,
                    OrderStatus.ACCEPTED, BigDecimal.TEN, BigDecimal.ZERO, null, null, null, null, null, null, AT));
            source.publish(new OrderEvent("paper-fast", OrderEventKind.FILLED, "c-1", "42", "EUR_USD", OrderSide.BUY, OrderStatus.FILLED,
                    BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, new BigDecimal("1.0825"), new BigDecimal("1.0825"), null, "F1", null, AT));
        });
        publisher.start();
        String out = run(new EventsCommand(), registry, "--follow", "--count", "2");
        publisher.join(5_000);
        String[] lines = out.strip().split("\n");
        assertEquals(2, lines.length, out);
        assertTrue(lines[0].contains("paper-fast ACCEPTED c-1 (42) BUY EUR_USD ACCEPTED"), lines[0]);
        assertTrue(lines[1].contains("FILLED c-1 (42) BUY EUR_USD FILLED fill 10 @ 1.0825 filled 10"), lines[1]);
    }
}
