package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
        // the decimals as the service gave them, not rounded for a table
        assertTrue(output.contains("\"pips\" : 1.400000") && output.contains("\"pips\" : -0.512345"), output);
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
        command.quality = null;
        CommandException error = assertThrows(CommandException.class, command::execute);
        assertTrue(error.getNiceHelp().contains("execution quality is not running (feature multibroker-quality)"), error.getNiceHelp());
    }
}
