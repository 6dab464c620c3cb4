package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The product as a newcomer and an operator meet it: the launcher ({@code ./multibroker}) starting the shipped
 * archive, an upgrade to a newer build that keeps what the user made, and each role's reach tried from the outside
 * (SSH, SFTP, JMX) as a user of that role would try it. Plain JUnit, no Pax Exam: the runtime is a process of its own.
 *
 * <p>It runs the archive the build made (MULTIBROKER_NO_BUILD), with a state directory and ports of its own, so that
 * it neither builds nor touches a runtime of the person running the tests.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LauncherIT {

    private static final int SSH_PORT = 18102;
    private static final int JMX_REGISTRY_PORT = 11098;
    private static final int JMX_SERVER_PORT = 44446;
    /** The local user the launcher creates and logs in as. */
    private static final String ADMIN = "multibroker";
    private static final String VIEWER = "viewer1";
    private static final String VIEWER_PASSWORD = "viewer-password-1";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private static Path root;
    private static Path state;
    private static Path runtime;

    @BeforeClass
    public static void state() throws IOException {
        root = Path.of(System.getProperty("multibroker.root", "..")).toAbsolutePath().normalize();
        state = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "launcher-state-");
        runtime = state.resolve("runtime");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (state != null) {
            launcher("stop");
        }
    }

    /** What a process printed, and how it ended. */
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Run launcher(String... arguments) throws Exception {
        return launcher(Map.of(), arguments);
    }

    private static Run launcher(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("multibroker").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        Map<String, String> env = builder.environment();
        env.put("MULTIBROKER_STATE", state.toString());
        env.put("MULTIBROKER_NO_BUILD", "1");
        env.put("MULTIBROKER_ARCHIVE", archive().toString());
        env.put("MULTIBROKER_SSH_PORT", String.valueOf(SSH_PORT));
        env.put("MULTIBROKER_JMX_REGISTRY_PORT", String.valueOf(JMX_REGISTRY_PORT));
        env.put("MULTIBROKER_JMX_SERVER_PORT", String.valueOf(JMX_SERVER_PORT));
        env.putAll(environment);
        return run(builder);
    }

    private static Run run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile(state, "out-", ".txt");
        Path err = Files.createTempFile(state, "err-", ".txt");
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(builder.command() + " did not end within " + COMMAND_TIMEOUT + ": " + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A command run over SSH as the viewer, with the password through SSH_ASKPASS as the launcher does. */
    private static Run asViewer(String shellCommand) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("ssh", "-p", String.valueOf(SSH_PORT),
                "-o", "UserKnownHostsFile=" + state.resolve("known_hosts"), "-o", "StrictHostKeyChecking=accept-new",
                "-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "NumberOfPasswordPrompts=1",
                VIEWER + "@127.0.0.1", shellCommand);
        viewerAskpass(builder);
        return run(builder);
    }

    private static void viewerAskpass(ProcessBuilder builder) throws IOException {
        Path askpass = state.resolve("viewer-askpass");
        if (!Files.exists(askpass)) {
            Files.writeString(askpass, "#!/bin/sh\necho '" + VIEWER_PASSWORD + "'\n");
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        }
        builder.environment().put("SSH_ASKPASS", askpass.toString());
        builder.environment().put("SSH_ASKPASS_REQUIRE", "force");
        builder.environment().put("DISPLAY", "none");
    }

    /** The archive under test, the same as the Pax Exam tests'. */
    private static Path archive() {
        return Path.of(System.getProperty("multibroker.distribution")).toAbsolutePath().normalize();
    }

    private static String adminPassword() throws IOException {
        return Files.readString(state.resolve("credentials")).trim();
    }

    @Test
    public void a_theFirstCommandInstallsStartsAndListsBothPaperAccountsUp() throws Exception {
        Run first = launcher("broker:list");
        assertEquals(first.all(), 0, first.exit());
        assertThat(first.err(), containsString("installed a fresh runtime"));
        assertThat(first.err(), containsString("ready after"));
        // the launcher prints the dashboard's address, and that address serves the dashboard's page
        Matcher address = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/dashboard/)").matcher(first.err());
        assertTrue(first.err(), address.find());
        HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(address.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(page.body(), 200, page.statusCode());
        assertThat(page.body(), containsString("<title>Multibroker dashboard</title>"));
        await("both paper accounts UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String list = launcher("broker:list").out();
            return list.matches("(?s).*paper-fast +\\| paper +\\| UP .*") && list.matches("(?s).*paper-slow +\\| paper +\\| UP .*");
        });
        // no colour codes when the output is not a terminal: ours, nor Karaf's own (its option parser, its help)
        assertFalse(first.all(), first.all().contains("\u001b["));
        for (String failing : List.of("broker:info nosuch", "broker:list --bogus")) {
            Run failed = launcher(failing);
            assertEquals(failed.all(), 1, failed.exit());
            assertFalse(failed.all(), failed.all().contains("\u001b["));
        }
        Run help = launcher("broker:list --help");
        assertThat(help.out(), containsString("SYNTAX"));
        assertFalse(help.out(), help.out().contains("\u001b["));
        // the shell's help without a terminal: Karaf pages it through "more", which printed nothing there, and its
        // help of one command printed only a heading
        Run commands = launcher("help");
        assertEquals(commands.all(), 0, commands.exit());
        assertThat(commands.out(), containsString("broker:order"));
        assertThat(commands.out(), containsString("log:set"));
        assertThat(launcher("help", "broker:order").out(), containsString("SYNTAX"));
        // the launcher's own usage; an option it does not know is named, not handed to ssh
        Run usage = launcher("--help");
        assertEquals(usage.all(), 0, usage.exit());
        assertThat(usage.out(), containsString("./multibroker rebuild --fresh"));
        Run unknown = launcher("-x");
        assertEquals(unknown.all(), 1, unknown.exit());
        assertThat(unknown.err(), containsString("unknown option '-x'"));
    }

    @Test
    public void b_passwordsAreStoredHashedNeverInClear() throws Exception {
        String users = Files.readString(runtime.resolve("etc/users.properties"));
        assertFalse("the generated password is in users.properties in clear", users.contains(adminPassword()));
        assertThat(users, matchesPattern("(?s).*\\nmultibroker = \\{CRYPT\\}[0-9a-f]+\\{CRYPT\\},_g_:admingroup.*"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("credentials"))));
    }

    @Test
    public void c_anUpgradeToANewBuildKeepsAccountsExperimentsOutcomesAndHistory() throws Exception {
        assertEquals(0, launcher("broker:create paper paper-kept seed=9 latency.median.ms=1").exit());
        await("paper-kept UP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> launcher("broker:list").out().matches("(?s).*paper-kept +\\| paper +\\| UP .*"));
        assertEquals(0, launcher("abtest:create kept-experiment paper-fast=50 paper-kept=50").exit());
        Run routed = launcher("abtest:run kept-experiment --orders 100 --concurrency 4");
        assertEquals(routed.all(), 0, routed.exit());

        // a newer build: the archive is newer than the installed runtime
        Files.setLastModifiedTime(archive(), FileTime.from(Instant.now().plusSeconds(2)));
        Run upgraded = launcher("broker:list");
        assertEquals(upgraded.all(), 0, upgraded.exit());
        assertThat(upgraded.err(), containsString("upgrading the runtime"));
        assertThat(upgraded.err(), containsString("keeping data/, the credentials"));
        assertThat(upgraded.out(), containsString("paper-kept"));

        Run shown = launcher("abtest:show kept-experiment");
        assertEquals(shown.all(), 0, shown.exit());
        assertThat("the 100 recorded outcomes", shown.out(), matchesPattern("(?s).*\\(all\\) +\\| +100 +\\|.*"));
        Run history = launcher("broker:config-history paper-kept");
        assertThat(history.out(), containsString("console"));
        assertTrue("the runtime before the upgrade is kept", Files.isDirectory(state.resolve("previous-runtime/data")));
    }

    @Test
    public void d_aViewerReadsTheBrokerButNothingElse() throws Exception {
        Path users = runtime.resolve("etc/users.properties");
        Files.writeString(users, "\n" + VIEWER + " = " + VIEWER_PASSWORD + ",_g_:viewergroup\n", StandardOpenOption.APPEND);
        // Karaf's JAAS encryption notices the new user and replaces the password written in clear by its hash
        await("the viewer's password hashed").atMost(Duration.ofSeconds(30))
                .until(() -> !Files.readString(users).contains(VIEWER_PASSWORD) && Files.readString(users).contains(VIEWER + " = {CRYPT}"));

        Run list = asViewer("broker:list");
        assertEquals(list.all(), 0, list.exit());
        assertThat(list.out(), containsString("paper-fast"));
        assertEquals(0, asViewer("abtest:report demo").exit());
        assertEquals(0, asViewer("broker:config-schema paper").exit());
        // the help a viewer gets lists what a viewer may run: not the commands that change state, ours or Karaf's
        // (which it listed, refusing them only when run)
        Run help = asViewer("help");
        assertThat(help.out(), containsString("broker:list"));
        for (String hidden : List.of("broker:order ", "log:set", "scr:disable", "cm:createFactoryConfiguration", "event:send",
                "ssh:sshd", "service:list", "package:exports", "dev:dump-create")) {
            assertThat(hidden, help.out(), not(containsString(hidden)));
        }

        // each path a viewer might try, and what must stop it
        for (String refused : List.of(
                "config:list",                                  // would print a secret typed in clear
                "config:property-list --pid io.multibroker.registry",
                "config:edit io.multibroker.registry",
                "log:set DEBUG",                                // changes log levels
                "log:display",
                "cat etc/users.properties",                    // reads files
                "grep . etc/users.properties",
                "head etc/users.properties",
                "source etc/shell.init.script",
                "$.context bundles",                           // calls Java methods: the framework itself
                "broker:list > deploy/viewer.txt",             // writes files
                "bundle:install file:/tmp/x.jar",
                "feature:install webconsole",
                "system:shutdown -f",
                "jaas:realm-list",
                "shell:exec id",
                "broker:order paper-fast EUR_USD buy 1",      // trades
                "broker:create paper viewer-made",
                "broker:configure paper-fast seed=3",
                "broker:config-export /tmp/viewer-export.json",
                "abtest:promote demo paper-fast",
                "abtest:run demo --orders 1")) {
            Run attempt = asViewer(refused);
            assertNotEquals(refused + " was allowed to a viewer: " + attempt.all(), 0, attempt.exit());
        }
        assertFalse(Files.exists(runtime.resolve("deploy/viewer.txt")));
        assertFalse(Files.exists(Path.of("/tmp/viewer-export.json")));
        assertThat(launcher("broker:list").out(), not(containsString("viewer-made")));
    }

    @Test
    public void e_nobodyGetsTheRuntimesFilesOverSftp() throws Exception {
        // commands on standard input rather than with -b, which would turn password authentication off
        ProcessBuilder builder = new ProcessBuilder("sftp", "-P", String.valueOf(SSH_PORT),
                "-o", "UserKnownHostsFile=" + state.resolve("known_hosts"), "-o", "NumberOfPasswordPrompts=1",
                VIEWER + "@127.0.0.1");
        viewerAskpass(builder);
        Path batch = state.resolve("sftp-batch");
        Files.writeString(batch, "get etc/users.properties " + state.resolve("stolen") + "\n");
        builder.redirectInput(batch.toFile());
        Path err = state.resolve("sftp-err");
        Process sftp = builder.redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertTrue(sftp.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, sftp.exitValue());
        assertThat(Files.readString(err), containsString("subsystem request failed"));
        assertFalse(Files.exists(state.resolve("stolen")));
    }

    @Test
    public void f_overJmxAViewerReadsMetricsButNoConfiguration() throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + JMX_SERVER_PORT
                + "/jndi/rmi://127.0.0.1:" + JMX_REGISTRY_PORT + "/karaf-root");
        ObjectName config = new ObjectName("org.apache.karaf:type=config,name=root");
        ObjectName metrics = new ObjectName("io.multibroker:type=AccountMetrics,account=paper-fast");
        try (JMXConnector viewer = JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS,
                new String[] {VIEWER, VIEWER_PASSWORD}))) {
            MBeanServerConnection connection = viewer.getMBeanServerConnection();
            assertTrue(connection.isRegistered(metrics));
            assertEquals("UP", connection.getAttribute(metrics, "Status"));
            try {
                connection.invoke(config, "listProperties", new Object[] {"io.multibroker.registry"}, new String[] {String.class.getName()});
                throw new AssertionError("a viewer read a configuration over JMX");
            } catch (SecurityException expected) {
                assertThat(expected.getMessage(), containsString("Insufficient roles"));
            }
        }
        try (JMXConnector admin = JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS,
                new String[] {ADMIN, adminPassword()}))) {
            Object properties = admin.getMBeanServerConnection().invoke(config, "listProperties",
                    new Object[] {"io.multibroker.registry"}, new String[] {String.class.getName()});
            assertThat(String.valueOf(properties), containsString("health.interval.seconds"));
        }
    }

    @Test
    public void g_aTakenPortIsNamedAtStart() throws Exception {
        Path otherState = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "launcher-taken-");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run refused = launcher(Map.of("MULTIBROKER_STATE", otherState.toString(),
                    "MULTIBROKER_SSH_PORT", "18103",
                    "MULTIBROKER_JMX_REGISTRY_PORT", String.valueOf(taken.getLocalPort()),
                    "MULTIBROKER_JMX_SERVER_PORT", "44447"), "broker:list");
            assertEquals(refused.all(), 1, refused.exit());
            assertThat(refused.err(), containsString("port " + taken.getLocalPort() + " (JMX RMI registry) is already taken"));
            assertThat(refused.err(), containsString("MULTIBROKER_JMX_REGISTRY_PORT"));
        }
        // the ports given once are remembered for that checkout's state
        assertThat(Files.readString(otherState.resolve("ports")), containsString("SSH=18103"));
        ProcessBuilder ports = new ProcessBuilder(root.resolve("multibroker").toString(), "ports").directory(root.toFile());
        ports.environment().put("MULTIBROKER_STATE", otherState.toString());
        Run shown = run(ports);
        assertThat(shown.out(), matchesPattern("(?s).*SSH shell +18103 .*"));
    }

    @Test
    public void h_aFreshRebuildIsRefusedWithoutTheUsersSay() throws Exception {
        // --fresh checks for --yes before it builds, so this costs no build
        Run refused = launcher("rebuild", "--fresh");
        assertEquals(refused.all(), 1, refused.exit());
        assertThat(refused.err(), containsString("add --yes to confirm"));
        assertThat(launcher("broker:list").out(), containsString("paper-kept"));
    }

    /**
     * A command run in the first second of a start, before Karaf has written its pid file, finds the runtime starting:
     * it starts no second Karaf (which would wait on the first one's lock) and answers once the first is up.
     */
    @Test
    public void j_aCommandRightAfterBinStartFindsTheRuntimeStartingAndStartsNoOther() throws Exception {
        assertEquals(0, launcher("stop").exit());
        Path log = runtime.resolve("data/log/karaf.log");
        long lockFailuresBefore = lockFailures(log);
        Run started = run(new ProcessBuilder(runtime.resolve("bin/start").toString()).directory(runtime.toFile()));
        assertEquals(started.all(), 0, started.exit());

        Run status = launcher("status");
        assertEquals(status.all(), 0, status.exit());
        assertThat(status.all(), containsString("running (SSH on 127.0.0.1:" + SSH_PORT));
        Run listed = launcher("broker:list");
        assertEquals(listed.all(), 0, listed.exit());
        assertThat(listed.out(), containsString("paper-fast"));
        assertEquals("one Karaf for the runtime", 1, ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(line -> line.contains("-Dkaraf.home=" + runtime + " ") && line.contains("org.apache.karaf.main.Main"))
                .count());
        assertEquals("no Karaf waited on the runtime's lock", lockFailuresBefore, lockFailures(log));
    }

    private static long lockFailures(Path log) throws IOException {
        return linesWith(log, "Lock failed");
    }

    /**
     * Each SSH login costs the runtime a bcrypt check of the password: a command on a runtime whose shell has answered
     * logs in once, for the command, and does not ask the shell again first.
     */
    @Test
    public void k_aCommandOnARunningRuntimeLogsInOnce() throws Exception {
        assertEquals(0, launcher("broker:list").exit());
        Path log = runtime.resolve("data/log/karaf.log");
        String login = "Session " + ADMIN + "@/127.0.0.1:";
        long loginsBefore = linesWith(log, login);
        assertTrue("Karaf's SSH server logs each login at INFO", loginsBefore > 0);

        Run echoed = launcher("shell:echo", "once");
        assertEquals(echoed.all(), 0, echoed.exit());
        assertThat(echoed.out(), containsString("once"));
        assertEquals("logins for one command", loginsBefore + 1, linesWith(log, login));
    }

    /**
     * The README's kill switch as typed in a terminal: each argument stays one word on its way to Karaf's shell. Joined
     * unquoted, {@code --reason "fat finger"} was two words (the halt refused: too many arguments), and
     * {@code risk:resume --reason "checked paper-fast"} resumed the account paper-fast instead of the global halt.
     */
    @Test
    public void m_anArgumentWithSpacesStaysOneWord() throws Exception {
        try {
            Run halted = launcher("risk:halt", "--reason", "fat finger");
            assertEquals(halted.all(), 0, halted.exit());
            assertThat(launcher("risk:status").out(), containsString("fat finger"));
            Run resumed = launcher("risk:resume", "--reason", "checked paper-fast");
            assertEquals(resumed.all(), 0, resumed.exit());
            assertThat(resumed.out(), containsString("global is ACTIVE"));
            String status = launcher("risk:status").out();
            assertThat(status, containsString("checked paper-fast"));
            assertFalse(status, status.contains("HALTED"));
            Run echoed = launcher("shell:echo", "it's", "a  b", "$x");
            assertThat(echoed.out(), containsString("it's a  b $x"));
        } finally {
            launcher("risk:resume", "--reason", "end of the test");
        }
    }

    /**
     * {@code start} and {@code restart} are the launcher's own and send nothing to the shell, where "start" alone would be
     * Karaf's {@code bundle:start} and fail with "No matching bundles".
     */
    @Test
    public void l_startAndRestartStartTheRuntimeAndRunNoCommand() throws Exception {
        assertEquals(0, launcher("stop").exit());
        Path log = runtime.resolve("data/log/karaf.log");
        long shellErrorsBefore = linesWith(log, "Exception caught while executing command");

        Run started = launcher("start");
        assertEquals(started.all(), 0, started.exit());
        assertThat(started.err(), containsString("running (SSH on 127.0.0.1:" + SSH_PORT + ")"));
        long firstKaraf = karafPid();
        Run startedAgain = launcher("start");
        assertEquals(startedAgain.all(), 0, startedAgain.exit());
        assertEquals("a start of a running runtime starts no other", firstKaraf, karafPid());

        Run restarted = launcher("restart");
        assertEquals(restarted.all(), 0, restarted.exit());
        assertThat(restarted.err(), containsString("stopped"));
        assertThat(restarted.err(), containsString("running (SSH on 127.0.0.1:" + SSH_PORT + ")"));
        assertNotEquals("a restart is another Karaf", firstKaraf, karafPid());
        assertThat(launcher("broker:list").out(), containsString("paper-fast"));
        assertEquals("no command went to the shell", shellErrorsBefore, linesWith(log, "Exception caught while executing command"));
    }

    private static long karafPid() throws IOException {
        return Long.parseLong(Files.readString(runtime.resolve("karaf.pid")).trim());
    }

    private static long linesWith(Path log, String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        }
    }

    /**
     * With the user's say-so, a fresh rebuild replaces the runtime: the accounts created in it are gone from the new one,
     * and the old one, its data with it, is kept aside. Last, as it wipes what the tests before it created.
     */
    @Test
    public void z_aFreshRebuildWithTheUsersSayInstallsANewRuntimeAndKeepsTheOldOneAside() throws Exception {
        assertThat(launcher("broker:list").out(), containsString("paper-kept"));
        Run fresh = launcher("rebuild", "--fresh", "--yes");
        assertEquals(fresh.all(), 0, fresh.exit());
        assertThat(fresh.err(), containsString("installed a fresh runtime"));
        Run listed = launcher("broker:list");
        assertEquals(listed.all(), 0, listed.exit());
        assertThat(listed.out(), containsString("paper-fast"));
        assertThat(listed.out(), not(containsString("paper-kept")));
        try (Stream<Path> kept = Files.walk(state.resolve("previous-runtime/data/config"))) {
            assertTrue("the wiped runtime, paper-kept's configuration with it, is kept aside", kept.filter(Files::isRegularFile)
                    .anyMatch(file -> contains(file, "paper-kept")));
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Orders resting at a broker when the runtime is killed are found again after the restart: the journal reconciles the
     * account before it takes orders, records what changed while it was down (an order cancelled at the broker) as
     * RECONCILED, keeps the one still resting open, and resends nothing.
     */
    @Test
    public void i_ordersRestingWhenTheRuntimeIsKilledAreReconciledAfterTheRestart() throws Exception {
        StandInServer.ensureStarted();
        Files.writeString(runtime.resolve("etc/itest-oanda-token"), StandInServer.TOKEN);
        String standIn = "http://127.0.0.1:" + StandInServer.PORT;
        // each argument as the launcher gets it from a terminal: the secret reference one word, reaching the shell quoted
        Run created = launcher("broker:create", "oanda", "oanda-restart", "environment=custom", "rest.url=" + standIn,
                "stream.url=" + standIn, "oanda.account=" + StandInServer.ACCOUNT, ".token=$[secret:itest-oanda-token]");
        assertEquals(created.all(), 0, created.exit());
        await("oanda-restart UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> launcher("broker:list").out().matches("(?s).*oanda-restart +\\| oanda +\\| UP .*"));
        for (String clientId : List.of("itest-rest-kept", "itest-rest-cancelled")) {
            Run placed = launcher("broker:order", "oanda-restart", "EUR_USD", "buy", "1000", "--type", "limit", "--price", "0.50000",
                    "--tif", "GTC", "--client-id", clientId);
            assertEquals(placed.all(), 0, placed.exit());
            assertThat(placed.out(), containsString("ACCEPTED"));
        }

        long karaf = Long.parseLong(Files.readString(runtime.resolve("karaf.pid")).trim());
        ProcessHandle process = ProcessHandle.of(karaf).orElseThrow(() -> new AssertionError("no Karaf process " + karaf));
        assertTrue(process.destroyForcibly());
        process.onExit().get(60, TimeUnit.SECONDS);

        // while the runtime is down, one of the two is cancelled at the broker
        HttpResponse<String> cancelled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(standIn + "/v3/accounts/"
                + StandInServer.ACCOUNT + "/orders/@itest-rest-cancelled/cancel")).header("Authorization", "Bearer " + StandInServer.TOKEN)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(cancelled.body(), 200, cancelled.statusCode());

        // the next command starts the runtime again
        await("the cancel reconciled after the restart").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .until(() -> launcher("broker:order-status", "oanda-restart", "itest-rest-cancelled").out(),
                        status -> status.contains("RECONCILED") && status.contains("CANCELLED"));
        Run open = launcher("broker:orders", "--account", "oanda-restart");
        assertThat(open.out(), containsString("itest-rest-kept"));
        assertThat(open.out(), not(containsString("itest-rest-cancelled")));
        Run kept = launcher("broker:order-status", "oanda-restart", "itest-rest-kept");
        assertThat(kept.out(), not(containsString("CANCELLED")));
        for (String clientId : List.of("itest-rest-kept", "itest-rest-cancelled")) {
            assertEquals(clientId + " was sent once, never again", 1, StandInServer.ordersWithClientId(clientId));
        }
    }
}
