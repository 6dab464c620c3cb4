package io.multibroker.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentService;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/**
 * The abtest:* commands look the experiment service up when they run (waiting for it a while, as just after a start the
 * broker:* commands answer before the experiment store has opened its database) and release it when they end.
 */
class ExperimentCommandsTest {

    private final ConsoleFixture fixture = new ConsoleFixture();

    @Test
    void theExperimentsAreListedAndTheServiceIsReleasedAfterwards() throws Exception {
        String output = fixture.run(new AbtestListCommand());
        assertTrue(output.contains("demo"), output);
        assertEquals(0, fixture.servicesInUse.size(), "services still in use: " + fixture.servicesInUse);
    }

    /** A run of a stopped experiment sends nothing and says why: it printed a count of REJECTED orders and ended well. */
    @Test
    void aRunOfAStoppedExperimentIsRefusedBeforeAnyOrder() {
        fixture.experiments.add(new ExperimentInfo("paused", Map.of("paper-fast", 10_000), "paused", Set.of(), Set.of(), "latency",
                List.of(), new BigDecimal("0.05"), 100, false, "fixed", false));
        Exception refused = assertThrows(Exception.class, () -> fixture.run(new AbtestRunCommand(), "paused", "--orders", "5"));
        assertTrue(refused.getMessage().contains("experiment paused is stopped (abtest:stop): no order sent"), refused.getMessage());
        assertEquals(List.of(), fixture.callerWaited, "no order reached an account");
    }

    /**
     * A mistyped setting is taken for an arm; when the experiment is then refused (the weights no longer sum to 100), the
     * refusal says which arms name no registered account and what the settings are, not the weights alone.
     */
    @Test
    void aRefusedExperimentNamesTheArmsThatAreNoAccount() {
        fixture.optionalServices.put(ExperimentService.class, Fakes.answering()
                .with("create", args -> {
                    throw new InvalidConfigurationException("experiment " + args[0], List.of(new ConfigurationViolation("arms",
                            "paper-fast=100,bogus.key=1", "the weights sum to 101 %, not 100 %")));
                })
                .as(ExperimentService.class));
        AbtestCreateCommand create = new AbtestCreateCommand();
        create.kinds = Fakes.answering().returning("schema", Optional.empty()).as(ConfigurationKinds.class);
        Exception refused = assertThrows(Exception.class, () -> fixture.run(create, "x", "paper-fast=100", "bogus.key=1"));
        assertTrue(refused.getMessage().contains("the weights sum to 101 %"), refused.getMessage());
        assertTrue(refused.getMessage().contains("arms=bogus.key: taken as arms, but no registered account has this name"),
                refused.getMessage());
        AbtestCreateCommand again = new AbtestCreateCommand();
        again.kinds = create.kinds;
        Exception twice = assertThrows(Exception.class, () -> fixture.run(again, "y", "paper-fast=50", "paper-fast=50"));
        assertTrue(twice.getMessage().contains("'paper-fast' is given twice"), twice.getMessage());
    }

    @Test
    void aCommandRunBeforeTheExperimentServiceCameWaitsForIt() throws Exception {
        ExperimentService experiments = (ExperimentService) fixture.optionalServices.remove(ExperimentService.class);
        CompletableFuture<String> listed = CompletableFuture.supplyAsync(() -> {
            try {
                return fixture.run(new AbtestListCommand());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await("the command waiting for the service").atMost(Duration.ofSeconds(10)).until(() -> !fixture.serviceListeners.isEmpty());
        fixture.register(ExperimentService.class, experiments);
        String output = listed.get(10, TimeUnit.SECONDS);
        assertTrue(output.contains("demo"), output);
        assertTrue(fixture.serviceListeners.isEmpty(), "the command stopped listening once it had the service");
        assertEquals(0, fixture.servicesInUse.size(), "services still in use: " + fixture.servicesInUse);
    }

    @Test
    void withoutTheAbtestFeatureTheySayWhatIsMissingOnceTheyHaveWaited() throws Exception {
        fixture.optionalServices.remove(ExperimentService.class);
        AbtestListCommand command = new AbtestListCommand();
        fixture.inject(command);
        command.patience = Duration.ofMillis(50);
        CommandException error = assertThrows(CommandException.class, command::execute);
        assertTrue(error.getNiceHelp().contains("the experiments did not come within 0 s: is the abtest feature installed"
                + " (feature:install multibroker-abtest)?"), error.getNiceHelp());
        assertTrue(fixture.serviceListeners.isEmpty(), "the command stopped listening");
    }
}
