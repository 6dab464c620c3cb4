package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.quality.QualityQuery;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** broker:tca as an operator reads it. */
class TcaCommandTest {

    private final ConsoleFixture fixture = new ConsoleFixture();

    @Test
    void eachAccountAndInstrumentIsOneRowOfMeansWithTheMarkoutCounts() throws Exception {
        String output = fixture.run(new TcaCommand());
        String row = output.lines().filter(l -> l.trim().startsWith("paper-fast")).findFirst().orElseThrow(() -> new AssertionError(output));
        assertTrue(row.contains("EUR_USD"), row);
        assertTrue(row.contains(" 120 ") && row.contains(" 119 "), row);
        // means to three decimals: effective spread, its bp, E/Q, improvement, then the markouts (none measured at 60 s)
        assertTrue(row.matches(".*1\\.400\\s.*1\\.290\\s.*1\\.400\\s.*-0\\.200\\s.*-0\\.512\\s.*0\\.250\\s.*"), row);
        assertTrue(row.contains("1s 118/2/0  5s 110/2/8  60s 0/0/120"), row);
        assertTrue(output.contains("Markout 5s (pips)"), output);
    }

    @Test
    void limitOrdersAreASecondTableWithFillRatioTimeToFillAndShortfall() throws Exception {
        String output = fixture.run(new TcaCommand());
        int limits = output.indexOf("Limit orders");
        assertTrue(limits > 0, output);
        String table = output.substring(limits);
        String fast = table.lines().filter(l -> l.trim().startsWith("paper-fast")).findFirst().orElseThrow(() -> new AssertionError(output));
        // 40 orders, 75 % with a fill, 61.25 % of the units, 1234.5 ms, 0.988 pips (0.910 bp) over 36 measured, 1 gap, 3 pending
        assertTrue(fast.matches(".*EUR_USD[\\s|]+40[\\s|]+75\\.00 %[\\s|]+61\\.25 %[\\s|]+1234\\.500[\\s|]+0\\.988[\\s|]+0\\.910[\\s|]+36/1/3.*"), fast);
        // an account with limit orders that never filled has its row, without a time to fill or a shortfall yet
        String slow = table.lines().filter(l -> l.trim().startsWith("paper-slow")).findFirst().orElseThrow(() -> new AssertionError(output));
        assertTrue(slow.matches(".*EUR_USD[\\s|]+4[\\s|]+0\\.00 %[\\s|]+0\\.00 %[\\s|]+0/0/4.*"), slow);
        assertTrue(output.contains("Shortfall (pips)"), output);
    }

    @Test
    void theQualityServiceIsLookedUpWhenTheCommandRunsAndReleasedWhenItEnds() throws Exception {
        ExecutionQuality quality = fixture.optionalServices.remove(ExecutionQuality.class) instanceof ExecutionQuality q ? q : null;
        TcaCommand command = new TcaCommand();
        fixture.inject(command);
        // the feature arrives after the command was made (on PostgreSQL it waits for the DataSource): the command finds it
        fixture.optionalServices.put(ExecutionQuality.class, quality);
        command.execute();
        assertEquals(1, fixture.qualityQueries.size(), "the quality service was asked once");
        assertTrue(fixture.servicesInUse.isEmpty(), "still in use after the command ended: " + fixture.servicesInUse);
    }

    @Test
    void withoutLimitOrdersThereIsNoSecondTable() throws Exception {
        String output = fixture.run(new TcaCommand(), "--account", "paper-gone");
        assertTrue(!output.contains("Limit orders"), output);
    }

    @Test
    void theFiltersReachTheQuery() throws Exception {
        Instant before = Instant.now();
        String output = fixture.run(new TcaCommand(), "--account", "paper-slow", "--instrument", "USD_JPY", "--since", "15m");
        QualityQuery query = fixture.qualityQueries.get(fixture.qualityQueries.size() - 1);
        assertEquals("paper-slow", query.accountId());
        assertEquals("USD_JPY", query.instrument());
        assertTrue(!query.since().isBefore(before.minus(Duration.ofMinutes(15))) && query.since().isBefore(Instant.now()), query.toString());
        assertTrue(output.contains("no fills recorded for these filters"), output);
    }

    @Test
    void jsonKeepsTheFiguresAsTheyAre() throws Exception {
        String output = fixture.run(new TcaCommand(), "--json");
        JsonNode summary = BrokerCommand.JSON.readTree(output).get(0);
        assertEquals("paper-fast", summary.get("accountId").asText());
        assertEquals("ONE_SECOND", summary.get("markouts").get(0).get("horizon").asText());
        // the decimals as the service gave them, not rounded for a table, as strings (as over HTTP): exact in any JSON parser
        assertTrue(output.contains("\"pips\" : \"1.400000\"") && output.contains("\"pips\" : \"-0.512345\""), output);
        JsonNode limits = summary.get("limitOrders");
        assertEquals(40, limits.get("orders").asInt());
        assertTrue(output.contains("\"fillRatio\" : \"0.612500\"") && output.contains("\"pips\" : \"0.987654\""), output);
        assertEquals(3, limits.get("pending").asInt());
        JsonNode unfilled = BrokerCommand.JSON.readTree(output).get(1);
        assertEquals(0, unfilled.get("fills").asInt());
        assertTrue(unfilled.get("limitOrders").get("implementationShortfall").isNull(), output);
    }

    @Test
    void aBadSinceIsNamedWithTheRule() {
        CommandException error = assertThrows(CommandException.class, () -> fixture.run(new TcaCommand(), "--since", "yesterday"));
        assertTrue(error.getNiceHelp().contains("--since yesterday: give a span"), error.getNiceHelp());
    }

    @Test
    void withoutTheQualityFeatureItSaysWhatIsMissing() throws Exception {
        TcaCommand command = new TcaCommand();
        fixture.inject(command);
        fixture.optionalServices.remove(ExecutionQuality.class);
        CommandException error = assertThrows(CommandException.class, command::execute);
        assertTrue(error.getNiceHelp().contains("execution quality is not running (feature multibroker-quality)"), error.getNiceHelp());
    }
}
