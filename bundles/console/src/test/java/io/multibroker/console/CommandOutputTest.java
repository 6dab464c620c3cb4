package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.routing.ExperimentInfo;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** What the commands print, read as an operator reads it. */
class CommandOutputTest {

    private final ConsoleFixture fixture = new ConsoleFixture();

    private static String line(String output, String startingWith) {
        return Arrays.stream(output.split("\n")).filter(l -> l.trim().startsWith(startingWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + startingWith + " in\n" + output));
    }

    @Test
    void anErrorWithoutATerminalCarriesNoColourCodes() {
        CommandException error = assertThrows(CommandException.class, () -> fixture.run(new InfoCommand(), "nosuch"));
        assertEquals("Error executing command: ACCOUNT_NOT_FOUND: no account nosuch is registered", error.getNiceHelp());
        assertFalse(error.getNiceHelp().contains("\u001B"));
    }

    @Test
    void onAColourTerminalKarafRendersTheErrorItself() {
        fixture.terminal = ConsoleFixture.colourTerminal();
        StandardBrokerError error = assertThrows(StandardBrokerError.class, () -> fixture.run(new InfoCommand(), "nosuch"));
        assertTrue(error.getMessage().contains("no account nosuch"));
    }

    @Test
    void timesAreUtcToTheMillisecondAndNumbersAlignRight() throws Exception {
        String output = fixture.run(new HealthCommand());
        assertTrue(output.contains("2026-11-24T10:15:30.123Z"), output);
        assertFalse(output.contains("30.123456789"), output);
        String header = line(output, "Account");
        String row = line(output, "paper-fast");
        // the latency ends where its header ends: right-aligned
        assertEquals(header.indexOf("Check (ms)") + "Check (ms)".length(), row.indexOf("1.235") + "1.235".length(), output);
    }

    @Test
    void moneyHasItsCurrencysDecimalsAndPricesTheInstrumentsPrecision() throws Exception {
        String account = fixture.run(new AccountCommand(), "paper-fast");
        assertTrue(account.contains("100012.50"), account);
        assertTrue(account.contains("33.30"), account);
        ConsoleFixture positions = new ConsoleFixture();
        String shown = positions.run(new PositionsCommand(), "paper-fast");
        assertTrue(line(shown, "EUR_USD").contains("1.08250"), shown);
        assertTrue(line(shown, "EUR_USD").contains("12.50"), shown);
        ConsoleFixture prices = new ConsoleFixture();
        String ticks = prices.run(new PricesCommand(), "paper-fast", "EUR_USD", "--count", "1");
        assertTrue(line(ticks, "EUR_USD").contains("1.08250"), ticks);
        assertTrue(line(ticks, "EUR_USD").contains("0.00012"), ticks);
    }

    @Test
    void metricsShowRatesAsPercentagesAndLatencyWithThreeDecimals() throws Exception {
        String output = fixture.run(new MetricsCommand());
        String calls = line(output, "placeOrder");
        assertTrue(calls.contains("8.000"), output);
        assertTrue(calls.contains("10.00 %"), output);
        assertTrue(line(output, "paper-fast").contains("90.00 %"), output);
    }

    /** Names that match nothing are refused naming what there is: each printed an empty table and succeeded. */
    @Test
    void unknownAccountsAndOperationsAreRefusedNotAnsweredEmpty() {
        Exception metrics = assertThrows(Exception.class, () -> fixture.run(new MetricsCommand(), "--account", "nosuch"));
        assertTrue(metrics.getMessage().contains("--account nosuch: no account of that name is registered"), metrics.getMessage());
        Exception operation = assertThrows(Exception.class, () -> fixture.run(new MetricsCommand(), "--operation", "bogus"));
        assertTrue(operation.getMessage().contains("--operation bogus: no calls of it were ever measured (measured: "),
                operation.getMessage());
        assertTrue(operation.getMessage().contains("placeOrder"), operation.getMessage());
        Exception route = assertThrows(Exception.class, () -> fixture.run(new OrderCommand(), "*", "EUR_USD", "buy", "1", "--route",
                "bogusroute"));
        assertTrue(route.getMessage().contains("--route bogusroute: neither a routing strategy (capability, lowest_latency"),
                route.getMessage());
        assertEquals(List.of(), fixture.callerWaited);
        Exception version = assertThrows(Exception.class, () -> fixture.run(new ConfigDiffCommand(), "paper-fast", "x", "2"));
        assertTrue(version.getMessage().contains("from") && version.getMessage().contains("is not a whole number"), version.getMessage());
        Exception history = assertThrows(Exception.class, () -> fixture.run(new ConfigHistoryCommand(), "nosuch"));
        assertTrue(history.getMessage().contains("no configuration history of nosuch"), history.getMessage());
    }

    @Test
    void theSchemasDescriptionsWrapWithoutLosingALetter() throws Exception {
        String output = fixture.run(new ConfigSchemaCommand(), "paper");
        String text = String.join(" ", Arrays.stream(output.split("\n")).filter(l -> !l.isBlank())
                .map(l -> l.substring(l.lastIndexOf('|') + 1).trim()).toList());
        assertTrue(text.contains("compared side by side with everything else equal"), output);
    }

    @Test
    void infoHidesFrameworkKeysAndShowsTheValueInForceBesideTheRefusedOne() throws Exception {
        String plain = fixture.run(new InfoCommand(), "paper-fast");
        assertFalse(plain.contains("felix.fileinstall"), plain);
        assertFalse(plain.contains("service.pid"), plain);
        assertTrue(line(plain, "seed").contains("7"), plain);

        ConsoleFixture degraded = new ConsoleFixture();
        degraded.stored.put("seed", "x");
        degraded.refusal.add(new ConfigurationViolation("seed", "x", "must be a whole number"));
        String output = degraded.run(new InfoCommand(), "paper-fast");
        assertTrue(output.contains("Refused (not in force)"), output);
        String seed = line(output, "seed");
        assertTrue(seed.matches(".*\\b7\\b.*x \\(must be a whole number\\).*"), output);
        assertTrue(line(output, ".token").contains("********"), output);
    }

    @Test
    void anArmWhoseAccountIsGoneIsMarked() throws Exception {
        String output = fixture.run(new AbtestListCommand());
        assertTrue(output.contains("paper-gone (account missing) 50.00 %"), output);
        assertTrue(output.contains("paper-fast 50.00 %"), output);
        assertFalse(output.contains("paper-fast (account missing)"), output);
    }

    @Test
    void showCountsOrdersPerArmWithOverridesOnTopAndTheirTotal() throws Exception {
        String output = fixture.run(new AbtestShowCommand(), "demo");
        assertFalse(output.contains("{paper-fast="), "not a Java map: " + output);
        assertTrue(line(output, "paper-fast |").matches(".*120 \\|\\s+7 \\|\\s+127\\s*"), output);
        assertTrue(line(output, "(all)").matches(".*238 \\|\\s+7 \\|\\s+245\\s*"), output);
    }

    @Test
    void showAsJsonCarriesTheSameCountsAsTheText() throws Exception {
        JsonNode shown = new ObjectMapper().readTree(fixture.run(new AbtestShowCommand(), "demo", "--json"));
        assertEquals("demo", shown.path("experiment").path("name").asText());
        JsonNode all = shown.path("recorded").get(shown.path("recorded").size() - 1);
        assertEquals("(all)", all.path("arm").asText());
        assertEquals(238, all.path("orders").asLong());
        assertEquals(7, all.path("overrides").asLong());
        assertEquals(245, all.path("total").asLong());
    }

    @Test
    void theReportShowsOverridesAsTheirOwnCountWithTheTotal() throws Exception {
        String output = fixture.run(new AbtestReportCommand(), "demo");
        String header = line(output, "Arm");
        assertTrue(header.contains("Orders") && header.contains("Overrides") && header.contains("Total"), output);
        assertTrue(line(output, "paper-fast").matches("paper-fast \\|\\s+120 \\|\\s+7 \\|\\s+127 \\|.*"), output);
        assertTrue(output.contains("2.00 pp"), output);
        assertTrue(line(output, "paper-gone").contains("2.00 %"), output);
        assertTrue(line(output, "Metric").contains("95% CI"), "the default level, 0.05: " + output);
    }

    /** The tests' intervals are at the experiment's level: a 0.01 experiment's are 99 % intervals, not labelled 95 %. */
    @Test
    void theTestsIntervalsAreLabelledWithTheExperimentsLevel() throws Exception {
        fixture.experiments.add(new ExperimentInfo("strict", Map.of("paper-fast", 5000, "paper-gone", 5000), "strict", Set.of(), Set.of(),
                "latency", List.of(), new BigDecimal("0.01"), 100, false, "fixed", true));
        String strict = line(fixture.run(new AbtestReportCommand(), "strict"), "Metric");
        assertTrue(strict.contains("99% CI") && !strict.contains("95%"), strict);
    }

    @Test
    void theReportShowsEachArmsExecutionQualityWithItsIntervalMedianAndP99() throws Exception {
        String output = fixture.run(new AbtestReportCommand(), "demo");
        String fast = output.lines().filter(l -> l.trim().startsWith("effective_spread (pips)") && l.contains("paper-fast")).findFirst()
                .orElseThrow(() -> new AssertionError(output));
        assertTrue(fast.matches(".*\\|\\s+118 \\|\\s+1\\.02 \\|\\s+0\\.98 \\.\\. 1\\.06 \\|\\s+1\\.00 \\|\\s+1\\.90\\s*"), fast);
        assertTrue(output.contains("Execution quality"), output);
    }

    @Test
    void theFirstVersionOfAnAccountMadeInTheConsoleSaysCreated() throws Exception {
        String output = fixture.run(new ConfigHistoryCommand(), "paper-fast");
        assertTrue(line(output, "1").contains("console"), output);
        assertTrue(line(output, "1").contains("created"), output);
        assertFalse(output.contains("seen (again)"), output);
    }

    @Test
    void cancellingAnOrderThatWasAlreadyCancelledFails() {
        fixture.orderStatus = OrderStatus.CANCELLED;
        CommandException error = assertThrows(CommandException.class, () -> fixture.run(new CancelCommand(), "paper-fast", "42"));
        assertEquals("order 42 of paper-fast was already cancelled at 2026-11-24T10:15:30.123Z: nothing to cancel", error.getMessage());
    }

    /** A replaced order is cancelled at the broker (cancel-and-replace): the refusal names what replaced it. */
    @Test
    void cancellingAReplacedOrderNamesTheOrderThatReplacedIt() {
        fixture.orderStatus = OrderStatus.CANCELLED;
        JournalOrder replaced = new JournalOrder("paper-fast", "c-42", "42", "EUR_USD", OrderSide.BUY, OrderType.LIMIT, OrderStatus.CANCELLED,
                new BigDecimal("900"), BigDecimal.ZERO, null, new BigDecimal("1.07"), "explicit", null, "43", false, false, null,
                ConsoleFixture.AT, ConsoleFixture.AT);
        fixture.optionalServices.put(OrderJournal.class, Fakes.answering()
                .with("order", args -> "42".equals(args[1]) ? Optional.of(replaced) : Optional.empty()).as(OrderJournal.class));
        CommandException error = assertThrows(CommandException.class, () -> fixture.run(new CancelCommand(), "paper-fast", "42"));
        assertEquals("order 42 of paper-fast was replaced by order 43 at 2026-11-24T10:15:30.123Z: nothing to cancel; to cancel what "
                + "replaced it, broker:cancel paper-fast 43", error.getMessage());
    }

    /**
     * A replace that reaches the broker between the command's look-up and its cancel: the broker answers the order as it is,
     * CANCELLED because replaced, which the command printed as cancelled while the order that replaced it worked on.
     */
    @Test
    void aCancelThatFindsTheOrderReplacedMeanwhileFails() {
        fixture.cancelReason = OrderResult.REPLACED;
        CommandException error = assertThrows(CommandException.class, () -> fixture.run(new CancelCommand(), "paper-fast", "42"));
        assertEquals("order 42 of paper-fast was replaced at 2026-11-24T10:15:30.123Z: nothing to cancel; broker:orders --account "
                + "paper-fast lists the order that replaced it", error.getMessage());
        assertEquals(List.of("42"), fixture.cancelled, "the cancel was sent");
    }

    /** A replace of a replacement: the refusal names the order at the end of the chain, which may be working. */
    @Test
    void cancellingAnOrderReplacedTwiceNamesTheLastReplacement() {
        fixture.orderStatus = OrderStatus.CANCELLED;
        Map<String, JournalOrder> journalled = Map.of(
                "42", new JournalOrder("paper-fast", "c-42", "42", "EUR_USD", OrderSide.BUY, OrderType.LIMIT, OrderStatus.CANCELLED,
                        new BigDecimal("900"), BigDecimal.ZERO, null, new BigDecimal("1.07"), "explicit", null, "43", false, false, null,
                        ConsoleFixture.AT, ConsoleFixture.AT),
                "43", new JournalOrder("paper-fast", "c-43", "43", "EUR_USD", OrderSide.BUY, OrderType.LIMIT, OrderStatus.CANCELLED,
                        new BigDecimal("900"), BigDecimal.ZERO, null, new BigDecimal("1.06"), "replace of 42", "42", "44", false, false,
                        null, ConsoleFixture.AT, ConsoleFixture.AT));
        fixture.optionalServices.put(OrderJournal.class, Fakes.answering()
                .with("order", args -> Optional.ofNullable(journalled.get((String) args[1]))).as(OrderJournal.class));
        CommandException error = assertThrows(CommandException.class, () -> fixture.run(new CancelCommand(), "paper-fast", "42"));
        assertEquals("order 42 of paper-fast was replaced by order 44 (through 43) at 2026-11-24T10:15:30.123Z: nothing to cancel; "
                + "to cancel what replaced it, broker:cancel paper-fast 44", error.getMessage());
    }

    @Test
    void cancellingAPendingOrderPrintsItCancelled() throws Exception {
        String output = fixture.run(new CancelCommand(), "paper-fast", "42");
        assertTrue(line(output, "Status").contains("CANCELLED"), output);
    }

    @Test
    void orderAndCancelCommandsSayTheyWaitForTheAnswerSoTheAdapterMayUseTheirThread() throws Exception {
        String placed = fixture.run(new OrderCommand(), "paper-fast", "EUR_USD", "buy", "1000");
        assertTrue(line(placed, "Status").contains("ACCEPTED"), placed);
        fixture.run(new CancelCommand(), "paper-fast", "42");
        assertEquals(List.of("placeOrder true", "cancelOrder true"), fixture.callerWaited);
    }

    /**
     * A client order id the journal has at any account names that order: sent again with --route, it was placed a second
     * time wherever the router sent it (three fills for one id across three accounts).
     */
    @Test
    void aClientOrderIdTheJournalHasIsNeverPlacedAgainWhereverItIsRouted() throws Exception {
        JournalOrder filled = new JournalOrder("paper-fast", "race-1", "17", "EUR_USD", OrderSide.BUY, OrderType.MARKET, OrderStatus.FILLED,
                new BigDecimal("7"), new BigDecimal("7"), new BigDecimal("1.0825"), null, "explicit", null, null, false, false, null,
                ConsoleFixture.AT, ConsoleFixture.AT);
        fixture.optionalServices.put(OrderJournal.class, Fakes.answering()
                .with("orderByClientId", args -> "race-1".equals(args[1]) ? Optional.of(filled) : Optional.empty())
                .as(OrderJournal.class));
        Exception refused = assertThrows(Exception.class, () -> fixture.run(new OrderCommand(), "*", "EUR_USD", "buy", "7", "--route",
                "capability", "--client-id", "race-1"));
        assertTrue(refused.getMessage().contains("DUPLICATE_CLIENT_ORDER_ID"), refused.getMessage());
        assertTrue(refused.getMessage().contains("client order id race-1 names an order at account paper-fast already (FILLED, broker "
                + "order id 17)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("broker:order-status paper-fast race-1 shows it"), refused.getMessage());
        assertEquals(List.of(), fixture.callerWaited, "nothing was placed");
        // one still in flight: no answer yet, so no status and no broker order id to name
        JournalOrder inFlight = new JournalOrder("paper-fast", "race-3", null, "EUR_USD", OrderSide.BUY, OrderType.MARKET, null,
                new BigDecimal("7"), BigDecimal.ZERO, null, null, "explicit", null, null, false, false, null, ConsoleFixture.AT, ConsoleFixture.AT);
        fixture.optionalServices.put(OrderJournal.class, Fakes.answering()
                .with("orderByClientId", args -> "race-3".equals(args[1]) ? Optional.of(inFlight) : Optional.empty())
                .as(OrderJournal.class));
        Exception sent = assertThrows(Exception.class, () -> fixture.run(new OrderCommand(), "paper-fast", "EUR_USD", "buy", "7",
                "--client-id", "race-3"));
        assertTrue(sent.getMessage().contains("names an order at account paper-fast already (sent, no answer yet)"), sent.getMessage());
        // an id the journal does not have is placed
        String placed = fixture.run(new OrderCommand(), "paper-fast", "EUR_USD", "buy", "7", "--client-id", "race-2");
        assertTrue(line(placed, "Status").contains("ACCEPTED"), placed);
    }

    /** An order is cancelled by its client order id as well, as over HTTP: the journal gives its broker order id. */
    @Test
    void anOrderIsCancelledByTheClientOrderIdTheJournalHasItBy() throws Exception {
        JournalOrder resting = new JournalOrder("paper-fast", "my-limit-1", "42", "EUR_USD", OrderSide.BUY, OrderType.LIMIT,
                OrderStatus.ACCEPTED, new BigDecimal("7"), BigDecimal.ZERO, null, new BigDecimal("1.05"), "explicit", null, null, false,
                false, null, ConsoleFixture.AT, ConsoleFixture.AT);
        fixture.optionalServices.put(OrderJournal.class, Fakes.answering()
                .with("orderByClientId", args -> "my-limit-1".equals(args[1]) || "17".equals(args[1]) ? Optional.of(resting) : Optional.empty())
                .as(OrderJournal.class));
        fixture.unknownAtBroker.add("my-limit-1");
        fixture.run(new CancelCommand(), "paper-fast", "my-limit-1");
        assertEquals(List.of("42"), fixture.cancelled);
        // an id that is an order's broker order id at the broker is that order, whatever order the journal has under it
        fixture.run(new CancelCommand(), "paper-fast", "17");
        assertEquals(List.of("42", "17"), fixture.cancelled);
    }

    @Test
    void aBadGoodTillIsRefusedNamingTheOptionAndTheRule() {
        CommandException error = assertThrows(CommandException.class, () -> fixture.run(new OrderCommand(), "paper-fast", "EUR_USD",
                "buy", "1000", "--type", "limit", "--price", "1.08", "--tif", "GTD", "--good-till", "tomorrow"));
        assertEquals("--good-till: \"tomorrow\" is not an ISO-8601 instant (e.g. 2026-12-01T16:00:00Z)", error.getMessage());
    }

    @Test
    void anExperimentWithoutMissingArmsIsNotMarked() {
        ExperimentInfo complete = new ExperimentInfo("x", Map.of("paper-fast", 10_000), "x", Set.of(), Set.of(),
                "latency", List.of(), BigDecimal.ONE, 1, false, "fixed", true);
        assertEquals("paper-fast 100.00 %", AbtestListCommand.arms(complete, fixture.registry));
    }

    @Test
    void aCommandExceptionIsHandedOverAsItIs() {
        CommandException given = new CommandException("help", "message");
        assertSame(given, CommandErrors.forOutput(fixture.session, given));
    }
}
