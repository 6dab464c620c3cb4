package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every read command of the README's table takes {@code --json}, after its arguments as well as before them
 * (Karaf's parser alone refuses an option after an argument with "too many arguments specified").
 */
class JsonOnEveryReadCommandTest {

    static Stream<Arguments> readCommands() {
        return Stream.of(
                read("broker:types", TypesCommand::new),
                read("broker:list", ListCommand::new),
                read("broker:health", HealthCommand::new),
                read("broker:info", InfoCommand::new, "paper-fast"),
                read("broker:capabilities", CapabilitiesCommand::new, "paper-fast"),
                read("broker:capabilities --history", CapabilitiesCommand::new, "paper-fast", "--history"),
                read("broker:matrix", MatrixCommand::new),
                read("broker:matrix --instruments", MatrixCommand::new, "--instruments"),
                read("broker:instruments", InstrumentsCommand::new, "paper-fast"),
                read("broker:account", AccountCommand::new, "paper-fast"),
                read("broker:positions", PositionsCommand::new, "paper-fast"),
                read("broker:prices", PricesCommand::new, "paper-fast", "EUR_USD", "--count", "1"),
                read("broker:errors", ErrorsCommand::new, "--since", "15m"),
                read("broker:metrics", MetricsCommand::new, "--since", "15m"),
                read("broker:config-schema", ConfigSchemaCommand::new, "paper"),
                read("broker:config-history", ConfigHistoryCommand::new, "paper-fast"),
                read("broker:config-diff", ConfigDiffCommand::new, "paper-fast", "1", "2"),
                read("broker:tca", TcaCommand::new, "--since", "15m"),
                read("abtest:list", AbtestListCommand::new),
                read("abtest:show", AbtestShowCommand::new, "demo"),
                read("abtest:report", AbtestReportCommand::new, "demo"));
    }

    private static Arguments read(String name, Supplier<BrokerCommand> command, String... arguments) {
        return Arguments.of(name, command, arguments);
    }

    @ParameterizedTest(name = "{0} ... --json")
    @MethodSource("readCommands")
    void jsonAfterTheArguments(String name, Supplier<BrokerCommand> command, String[] arguments) throws Exception {
        String[] line = Stream.concat(Stream.of(arguments), Stream.of("--json")).toArray(String[]::new);
        assertJson(new ConsoleFixture().run(command.get(), line));
    }

    @ParameterizedTest(name = "{0} --json ...")
    @MethodSource("readCommands")
    void jsonBeforeTheArguments(String name, Supplier<BrokerCommand> command, String[] arguments) throws Exception {
        String[] line = Stream.concat(Stream.of("--json"), Stream.of(arguments)).toArray(String[]::new);
        assertJson(new ConsoleFixture().run(command.get(), line));
    }

    private static void assertJson(String output) {
        assertTrue(output.startsWith("{") || output.startsWith("["), "JSON, not a table: " + output);
        // prices prints one compact line per tick; everything else one document
        for (String document : output.startsWith("{\"") ? output.split("\n") : new String[] {output}) {
            JsonNode node = assertDoesNotThrow(() -> BrokerCommand.JSON.readTree(document), document);
            assertTrue(node.isContainerNode(), document);
        }
        assertEquals(-1, output.indexOf('\u001B'), "no ANSI codes in JSON");
    }
}
