package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The console against the README: every command the README's tables name exists and answers, every read command
 * runs with its example and with {@code --json}, completion offers what is there, and {@code $[env:NAME]} works.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT extends MultibrokerTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| (`(?:broker|abtest):[^|]*) \\| (viewer|admin) \\|");
    private static final Pattern COMMAND = Pattern.compile("`((?:broker|abtest):[a-z-]+)");

    /**
     * Arguments that make each read command of the README show something in the default runtime. A read command the
     * README adds must get its example here, so that what the README promises is run.
     */
    private static final Map<String, String> READ_EXAMPLES = Map.ofEntries(
            Map.entry("broker:types", ""),
            Map.entry("broker:list", ""),
            Map.entry("broker:health", ""),
            Map.entry("broker:info", "paper-fast"),
            Map.entry("broker:capabilities", "paper-fast"),
            Map.entry("broker:matrix", ""),
            Map.entry("broker:instruments", "paper-fast"),
            Map.entry("broker:account", "paper-fast"),
            Map.entry("broker:positions", "paper-fast"),
            Map.entry("broker:prices", "paper-fast EUR_USD --count 2"),
            Map.entry("broker:errors", ""),
            Map.entry("broker:metrics", ""),
            Map.entry("broker:config-schema", "paper"),
            Map.entry("broker:config-history", "paper-fast"),
            Map.entry("broker:config-diff", "paper-fast 1 1"),
            Map.entry("abtest:list", ""),
            Map.entry("abtest:show", "demo"),
            Map.entry("abtest:report", "demo"));

    @Inject
    private BrokerRegistry registry;

    @Configuration
    public Option[] config() {
        // MULTIBROKER_ITEST_CURRENCY, for $[env:NAME], is in the environment failsafe gives the tests (itest/pom.xml),
        // which the container's JVM inherits
        return assembly();
    }

    /** Each command the README's command tables name, with the role the table gives it. */
    private static Map<String, String> readmeCommands() throws IOException {
        Map<String, String> commands = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(Path.of(System.getProperty("multibroker.readme")))) {
            lines.forEach(line -> {
                Matcher row = TABLE_ROW.matcher(line);
                if (row.find()) {
                    Matcher command = COMMAND.matcher(row.group(1));
                    while (command.find()) {
                        commands.putIfAbsent(command.group(1), row.group(2));
                    }
                }
            });
        }
        assertTrue("the README's command tables were not found", commands.size() > 30);
        return commands;
    }

    private void awaitPaperUp() {
        await("paper accounts UP").atMost(WAIT).until(() -> Stream.of("paper-fast", "paper-slow").allMatch(id ->
                registry.account(id).map(a -> a.health().status() == HealthStatus.UP).orElse(false)));
    }

    @Test
    public void everyCommandTheReadmeNamesExistsAndAnswersItsHelp() throws Exception {
        for (Map.Entry<String, String> command : readmeCommands().entrySet()) {
            // the roles of the admin group (etc/users.properties): admin, manager and viewer
            String help = execute(command.getKey() + " --help", "admin", "manager", "viewer");
            // Karaf prints every command's help in bold whatever the terminal; the launcher strips it when its
            // output is not a terminal (LauncherIT)
            assertContains(command.getKey() + " --help", help, "SYNTAX");
        }
    }

    @Test
    public void everyReadCommandRunsForAViewerAndTakesJson() throws Exception {
        awaitPaperUp();
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, String> command : readmeCommands().entrySet()) {
            if (!command.getValue().equals("viewer")) {
                continue;
            }
            String example = READ_EXAMPLES.get(command.getKey());
            if (example == null) {
                fail("the README names the read command " + command.getKey() + ": give it an example in READ_EXAMPLES");
            }
            String line = (command.getKey() + " " + example).trim();
            String text = execute(line, "viewer");
            assertFalse(line + " printed nothing", text.isBlank());
            String printed = execute(line + " --json", "viewer");
            JsonNode parsed;
            try {
                parsed = json.readTree(printed);
            } catch (IOException e) {
                throw new AssertionError(line + " --json printed no JSON: " + printed, e);
            }
            assertFalse(line + " --json printed an empty document", parsed == null || parsed.isMissingNode());
        }
    }

    @Test
    public void aCommandsErrorWithoutATerminalIsPlainText() throws Exception {
        try {
            execute("broker:info nosuch", "viewer");
            fail("broker:info of a missing account succeeded");
        } catch (CommandFailed failed) {
            String message = String.valueOf(failed.getCause().getMessage());
            assertContains("the error", message, "nosuch");
            assertFalse("colour codes in " + message, message.contains("\u001b["));
        }
    }

    @Test
    public void theMatrixSetsTheAccountsSideBySideAndInstrumentByInstrument() throws Exception {
        awaitPaperUp();
        String matrix = execute("broker:matrix", "viewer");
        assertContains("broker:matrix", matrix, "paper-fast", "paper-slow", "MARKET_ORDERS");
        String instruments = execute("broker:matrix --instruments", "viewer");
        assertContains("broker:matrix --instruments", instruments, "EUR_USD", "paper-fast", "paper-slow");
    }

    @Test
    public void completionOffersAccountsTypesAndInstruments() throws Exception {
        awaitPaperUp();
        awaitRegistered("broker:info");
        Session session = sessionFactory.create(System.in, System.out, System.err);
        try {
            List<String> accounts = complete(session, "AccountCompleter", "broker:info pa");
            assertTrue(accounts.toString(), accounts.containsAll(List.of("paper-fast", "paper-slow")));
            List<String> types = complete(session, "BrokerTypeCompleter", "broker:config-schema ");
            assertTrue(types.toString(), types.containsAll(List.of("paper", "oanda")));
            List<String> instruments = complete(session, "InstrumentCompleter", "broker:prices paper-fast EU");
            assertTrue(instruments.toString(), instruments.contains("EUR_USD"));
        } finally {
            session.close();
        }
    }

    private List<String> complete(Session session, String completerName, String buffer) {
        Completer completer = sessionFactory.getRegistry().getServices(Completer.class).stream()
                .filter(c -> c.getClass().getSimpleName().equals(completerName)).findFirst()
                .orElseThrow(() -> new AssertionError("no completer " + completerName + " registered"));
        List<String> candidates = new ArrayList<>();
        completer.complete(session, new TypedLine(buffer), candidates);
        // a candidate comes with the space that completion types after it
        return candidates.stream().map(String::trim).toList();
    }

    @Test
    public void anEnvironmentVariableIsResolvedByKarafAndKeptAsAReference() throws Exception {
        Path file = Path.of(System.getProperty("karaf.base"), "etc", "io.multibroker.paper-itest-env.cfg");
        Files.writeString(file, "account.id = itest-env\ncurrency = $[env:MULTIBROKER_ITEST_CURRENCY]\n");
        try {
            await("account from the environment UP").atMost(WAIT).until(() -> registry.account("itest-env")
                    .map(a -> a.health().status() == HealthStatus.UP).orElse(false));
            assertEquals("EUR", registry.requireAccount("itest-env").adapter().accountSummary()
                    .toCompletableFuture().get().currency());
            assertContains("the history keeps the reference", execute("broker:config-history itest-env --json", "viewer"),
                    "$[env:MULTIBROKER_ITEST_CURRENCY]");
        } finally {
            Files.delete(file);
        }
        await("account gone with its file").atMost(WAIT).until(() -> registry.account("itest-env").isEmpty());
    }

    private static void assertContains(String what, String text, String... expected) {
        for (String part : expected) {
            assertTrue(what + " lacks " + part + ":\n" + text, text.contains(part));
        }
    }

    /** A command line typed up to its end, as completion sees it. */
    private static final class TypedLine implements CommandLine {
        private final String buffer;
        private final String[] arguments;

        TypedLine(String buffer) {
            this.buffer = buffer;
            this.arguments = buffer.split(" ", -1);
        }

        @Override
        public int getCursorArgumentIndex() {
            return arguments.length - 1;
        }

        @Override
        public String getCursorArgument() {
            return arguments[arguments.length - 1];
        }

        @Override
        public int getArgumentPosition() {
            return getCursorArgument().length();
        }

        @Override
        public String[] getArguments() {
            return arguments;
        }

        @Override
        public int getBufferPosition() {
            return buffer.length();
        }

        @Override
        public String getBuffer() {
            return buffer;
        }
    }
}
