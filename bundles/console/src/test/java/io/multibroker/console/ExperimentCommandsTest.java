package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.routing.ExperimentService;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** The abtest:* commands look the experiment service up when they run, and release it when they end. */
class ExperimentCommandsTest {

    private final ConsoleFixture fixture = new ConsoleFixture();

    @Test
    void theExperimentsAreListedAndTheServiceIsReleasedAfterwards() throws Exception {
        String output = fixture.run(new AbtestListCommand());
        assertTrue(output.contains("demo"), output);
        assertEquals(0, fixture.servicesInUse.size(), "services still in use: " + fixture.servicesInUse);
    }

    @Test
    void withoutTheAbtestFeatureTheySayWhatIsMissingAndTheBrokerCommandsStillRun() throws Exception {
        fixture.optionalServices.remove(ExperimentService.class);
        AbtestListCommand command = new AbtestListCommand();
        fixture.inject(command);
        CommandException error = assertThrows(CommandException.class, command::execute);
        assertTrue(error.getNiceHelp().contains("experiments need the abtest feature, which is not running"), error.getNiceHelp());
        String accounts = fixture.run(new ListCommand());
        assertTrue(accounts.contains("paper-fast"), accounts);
    }
}
