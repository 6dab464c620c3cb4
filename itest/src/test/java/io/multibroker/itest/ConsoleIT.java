package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.quality.ExecutionQuality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Command;
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
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The console against the README: every command the README's tables name exists and answers, every read command
 * runs with its example and with {@code --json}, completion offers what is there, and {@code $[env:NAME]} works.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT extends MultibrokerTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| (`(?:broker|abtest|risk|http):[^|]*) \\| (viewer|admin) \\|");
    private static final Pattern COMMAND = Pattern.compile("`((?:broker|abtest|risk|http):[a-z-]+)");

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
            Map.entry("broker:owners", ""),
            Map.entry("abtest:list", ""),
            Map.entry("abtest:show", "demo"),
            Map.entry("abtest:report", "demo"),
            Map.entry("broker:orders", ""),
            Map.entry("broker:order-status", "paper-fast itest-console-order"),
            Map.entry("broker:events", ""),
            Map.entry("broker:tca", ""),
            Map.entry("risk:status", ""),
            Map.entry("risk:limits", ""),
            Map.entry("http:token-list", ""));

    @Inject
    private BrokerRegistry registry;

    @Inject
    private BundleContext bundleContext;

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
        // an order for the commands that show one, and the first configuration version for the diff (the history records
        // the shipped accounts' configurations a moment after they come up)
        execute("broker:order paper-fast EUR_USD buy 1000 --client-id itest-console-order", "admin", "viewer");
        await("paper-fast's first configuration version").atMost(WAIT)
                .until(() -> execute("broker:config-history paper-fast --json", "viewer").contains("\"version\""));
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

    private String failure(String command, String... roles) throws Exception {
        try {
            String output = execute(command, roles);
            throw new AssertionError(command + " succeeded: " + output);
        } catch (CommandFailed failed) {
            return failed.output + failed.getCause().getMessage();
        }
    }

    @Test
    public void badInputIsAnsweredByNameValueAndRule() throws Exception {
        awaitPaperUp();
        String admin = "admin";
        assertContains("--good-till", failure("broker:order paper-fast EUR_USD buy 1000 --type limit --price 1.0 --tif GTD "
                + "--good-till tomorrow", admin, "viewer"), "--good-till", "\"tomorrow\"", "ISO-8601");
        assertContains("a missing import file", failure("broker:config-import /nonexistent/multibroker.json --dry-run", admin),
                "/nonexistent/multibroker.json", "not found");
        Path document = Path.of(System.getProperty("karaf.base"), "itest-import.json");
        Files.writeString(document, "{\"format\": 1, \"accounts\": [{\"accountId\": \"paper-fast\", \"brokerType\": \"paper\", "
                + "\"properties\": {\"account.id\": \"paper-fast\", \"seed\": \"x\"}}], \"experiments\": {}}");
        try {
            String refused = failure("broker:config-import " + document + " --dry-run", admin);
            assertTrue(refused, refused.contains("seed") && refused.contains("\"x\"") && !refused.contains("For input string"));
        } finally {
            Files.delete(document);
        }
        assertContains("a weight above 100 %", failure("abtest:create itest-weights paper-fast=1e20 paper-slow=0", admin),
                "paper-fast", "1e20", "100");
    }

    @Test
    public void whatTheConsoleCreatesIsRecordedAsCreatedFromTheConsole() throws Exception {
        awaitPaperUp();
        execute("broker:create paper itest-console seed=4", "admin", "viewer");
        await("account UP").atMost(WAIT).until(() -> registry.account("itest-console")
                .map(a -> a.health().status() == HealthStatus.UP).orElse(false));
        assertContains("the account's first version", execute("broker:config-history itest-console", "viewer"), "console", "created");
        execute("abtest:create itest-console-x paper-fast=50 itest-console=50", "admin");
        await("experiment").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("itest-console-x"));
        assertContains("the experiment's first version", execute("broker:config-history experiment:itest-console-x", "viewer"),
                "console");
        String info = execute("broker:info itest-console", "viewer");
        assertFalse(info, info.contains("felix.fileinstall") || info.contains("service.pid"));

        // an arm whose account is gone is marked, not silently listed
        execute("broker:remove itest-console", "admin");
        await("account gone").atMost(WAIT).until(() -> registry.account("itest-console").isEmpty());
        assertContains("abtest:list", execute("abtest:list", "viewer"), "itest-console (account missing)");
        execute("abtest:delete itest-console-x", "admin");
    }

    @Test
    public void aResentClientOrderIdIsNotASecondOutcome() throws Exception {
        awaitPaperUp();
        execute("abtest:create itest-dup paper-fast=50 paper-slow=50", "admin");
        await("experiment").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("itest-dup"));
        execute("broker:order * EUR_USD buy 10 --route itest-dup --client-id itest-dup-1", "admin", "viewer");
        await("one outcome").atMost(WAIT).until(() -> recordedInAll("itest-dup") == 1);
        try {
            execute("broker:order * EUR_USD buy 10 --route itest-dup --client-id itest-dup-1", "admin", "viewer");
        } catch (CommandFailed refusedAsDuplicate) {
            assertContains("the resend", refusedAsDuplicate.getMessage() + refusedAsDuplicate.output, "DUPLICATE_CLIENT_ORDER_ID");
        }
        execute("broker:order * EUR_USD buy 10 --route itest-dup --client-id itest-dup-2", "admin", "viewer");
        await("two outcomes").atMost(WAIT).until(() -> recordedInAll("itest-dup") == 2);
        execute("abtest:delete itest-dup", "admin");
    }

    /** The orders an experiment recorded over all its arms, as {@code abtest:show --json} gives them. */
    private long recordedInAll(String experiment) throws Exception {
        JsonNode recorded = new ObjectMapper().readTree(execute("abtest:show " + experiment + " --json", "viewer")).path("recorded");
        return recorded.get(recorded.size() - 1).path("total").asLong();
    }

    @Test
    public void cancellingACancelledOrderFails() throws Exception {
        awaitPaperUp();
        String placed = execute("broker:order paper-fast EUR_USD buy 1000 --type limit --price 0.50000 --tif GTC --json",
                "admin", "viewer");
        String orderId = new ObjectMapper().readTree(placed).path("brokerOrderId").asText();
        assertFalse(placed, orderId.isEmpty());
        execute("broker:cancel paper-fast " + orderId, "admin", "viewer");
        assertContains("the second cancel", failure("broker:cancel paper-fast " + orderId, "admin", "viewer"), "already cancelled");
    }

    @Test
    public void aFileThatCannotBeParsedTurnsItsAccountDegraded() throws Exception {
        Path file = Path.of(System.getProperty("karaf.base"), "etc", "io.multibroker.paper-itest-unparsable.cfg");
        Files.writeString(file, "account.id = itest-unparsable\nseed = 5\n");
        try {
            await("account UP").atMost(WAIT).until(() -> registry.account("itest-unparsable")
                    .map(a -> a.health().status() == HealthStatus.UP).orElse(false));
            Files.writeString(file, "account.id = itest-unparsable\nseed = \\uZZZZ\n");
            await("DEGRADED, saying why").atMost(WAIT).until(() -> execute("broker:health", "viewer")
                    .matches("(?s).*itest-unparsable +\\| DEGRADED .*cannot be parsed.*"));
        } finally {
            Files.delete(file);
        }
        await("account gone with its file").atMost(WAIT).until(() -> registry.account("itest-unparsable").isEmpty());
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

    /**
     * Karaf registers a bundle's commands again whenever a service one of them injects comes or goes, and in between none
     * of them is found; the services of optional features (here execution quality) come late or go with their feature, so
     * the console must not inject them: the commands it registered stay the same objects through the quality bundle's
     * restart.
     */
    @Test
    public void theCommandsStayRegisteredWhileAnOptionalFeatureComesAndGoes() throws Exception {
        awaitRegistered("broker:list");
        Command list = sessionFactory.getRegistry().getCommand("broker", "list");
        Command tca = sessionFactory.getRegistry().getCommand("broker", "tca");
        Bundle quality = Arrays.stream(bundleContext.getBundles()).filter(b -> "io.multibroker.quality".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        quality.stop();
        assertContains("broker:tca without the quality bundle", failure("broker:tca", "viewer"),
                "execution quality is not running (feature multibroker-quality)");
        quality.start();
        await("execution quality back").atMost(WAIT).until(() -> bundleContext.getServiceReference(ExecutionQuality.class) != null);
        String tcaOutput = execute("broker:tca", "viewer");
        assertTrue(tcaOutput, tcaOutput.contains("Instrument") || tcaOutput.contains("no fills recorded"));
        assertSame("broker:list was registered again", list, sessionFactory.getRegistry().getCommand("broker", "list"));
        assertSame("broker:tca was registered again", tca, sessionFactory.getRegistry().getCommand("broker", "tca"));

        // the experiments come and go with the abtest bundle, as after a start while its store opens its database
        Command abtestList = sessionFactory.getRegistry().getCommand("abtest", "list");
        Bundle abtest = Arrays.stream(bundleContext.getBundles()).filter(b -> "io.multibroker.abtest".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        abtest.stop();
        assertSame("broker:list was registered again without abtest", list, sessionFactory.getRegistry().getCommand("broker", "list"));
        abtest.start();
        // at once, without waiting for the experiment service: the command waits for it
        assertContains("abtest:list just after abtest started", execute("abtest:list", "viewer"), "Experiment", "Primary metric");
        assertSame("broker:list was registered again", list, sessionFactory.getRegistry().getCommand("broker", "list"));
        assertSame("abtest:list was registered again", abtestList, sessionFactory.getRegistry().getCommand("abtest", "list"));
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
