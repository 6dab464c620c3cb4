package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.BrokerFactory;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The risk layer (issue 16) in the assembled runtime: limits from etc/ files at their exact boundaries, a limit changed
 * live, the status and limits commands and their ACL, the kill switch during a 16-way concurrent run, daily loss on paper
 * tripping REDUCING, HALTED kept across a restart of the risk bundle (and written to the order journal), orders refused
 * while the risk bundle is stopped, and a live account starting HALTED.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RiskIT extends MultibrokerTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ADMIN = {"admin", "manager", "viewer"};

    @Inject
    private BrokerRegistry registry;

    @Inject
    private BrokerFactory factory;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(assembly(),
                // the global limits file: usage read every second (so that daily loss is seen quickly), one global limit
                editConfigurationFilePut("etc/io.multibroker.risk.cfg", "usage.refresh.seconds", "1"),
                editConfigurationFilePut("etc/io.multibroker.risk.cfg", "max.order.units", "1000000"));
    }

    // ---- helpers ----

    private static Path etc(String file) {
        return Path.of(System.getProperty("karaf.etc")).resolve(file);
    }

    private void awaitUp(String account) {
        await("account " + account + " UP").atMost(WAIT).until(() -> registry.account(account)
                .map(a -> a.health().status() == HealthStatus.UP).orElse(false));
    }

    /** A fresh paper account: fast, no rejections, and (by default) no slippage. */
    private void paperAccount(String account, String... settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("latency.median.ms", "1", "latency.sigma", "0.1", "reject.probability", "0"));
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            properties.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        factory.createAccount("paper", account, properties);
        awaitUp(account);
    }

    /** Removes a test account; a removal that fails is reported, not thrown, so that it never hides the test's own failure. */
    private void removeAccount(String account) {
        try {
            factory.removeAccount(account);
            await("account " + account + " removed").atMost(WAIT).until(() -> registry.account(account).isEmpty());
        } catch (RuntimeException e) {
            System.out.println("RiskIT: account " + account + " not removed: " + e + "; registry: "
                    + registry.account(account).map(a -> a.health().status() + " " + a.health().reason()).orElse("gone"));
        }
    }

    /** Writes an account's risk limits as the operator would: {@code etc/io.multibroker.risk.account-<account>.cfg}. */
    private Path accountLimits(String account, String... lines) throws Exception {
        Path file = etc("io.multibroker.risk.account-" + account + ".cfg");
        Files.writeString(file, "account.id = " + account + "\n" + String.join("\n", lines) + "\n");
        return file;
    }

    /**
     * Deletes an account's limits file and waits until the risk layer has dropped them. Before removing the account: the
     * account factory's removal looks the account up by {@code account.id} over every configuration, and may otherwise
     * find the limits' configuration (which has that key too) rather than the account's.
     */
    private void dropLimits(String account, Path file) throws Exception {
        Files.deleteIfExists(file);
        await("limits of " + account + " dropped").atMost(WAIT).until(() -> limitsInForce(account).isEmpty());
    }

    /** The scope's entry of {@code risk:status --json} (null: the global scope), or null when it is not listed. */
    private JsonNode status(String account) throws Exception {
        for (JsonNode scope : JSON.readTree(execute("risk:status --json", "viewer"))) {
            boolean global = scope.path("accountId").isNull() || scope.path("accountId").isMissingNode();
            if (account == null ? global : account.equals(scope.path("accountId").asText())) {
                return scope;
            }
        }
        return null;
    }

    /** One limit of an account's status, as set in the given scope ("global" or "account"), or null. */
    private JsonNode limit(String account, String setIn, String limit) throws Exception {
        JsonNode scope = status(account);
        if (scope == null) {
            return null;
        }
        for (JsonNode usage : scope.path("limits")) {
            if (usage.path("scope").asText().equals(setIn) && usage.path("limit").asText().equals(limit)) {
                return usage;
            }
        }
        return null;
    }

    /** The account's own limits as {@code risk:limits --json} shows them: key to value. */
    private Map<String, String> limitsInForce(String account) throws Exception {
        Map<String, String> limits = new HashMap<>();
        for (JsonNode row : JSON.readTree(execute("risk:limits --json", "viewer")).path(account)) {
            limits.put(row.path("limit").asText() + (row.path("instrument").asText().isEmpty() ? "" : "@" + row.path("instrument").asText()),
                    row.path("value").asText());
        }
        return limits;
    }

    /** Whether the account's own limit shows the given usage (and the headroom that leaves). */
    private boolean usage(String account, String limit, String expected) throws Exception {
        JsonNode used = limit(account, "account", limit);
        return used != null && decimal(used.path("usage")) != null && decimal(used.path("usage")).compareTo(new BigDecimal(expected)) == 0
                && decimal(used.path("headroom")).compareTo(decimal(used.path("value")).subtract(new BigDecimal(expected))) == 0;
    }

    /** A decimal of the JSON output: a string of its exact value (as over HTTP), or null where there is none. */
    private static BigDecimal decimal(JsonNode value) {
        assertFalse(value.toString(), value.isNumber());
        return value.isTextual() ? new BigDecimal(value.asText()) : null;
    }

    private String state(String account) throws Exception {
        JsonNode scope = status(account);
        return scope == null ? null : scope.path("state").asText();
    }

    /** A command that must fail: what it printed and why, as one text. */
    private String refused(String command, String... roles) throws Exception {
        try {
            String output = execute(command, roles);
            fail(command + " was not refused:\n" + output);
            return null;
        } catch (CommandFailed expected) {
            return expected.output + "\n" + expected.getCause();
        }
    }

    /** Whether the broker holds the order: the broker's own lookup by client order id (paper's book). */
    private boolean sent(String account, String clientOrderId) throws Exception {
        return registry.requireAccount(account).adapter().findOrderByClientId(clientOrderId).toCompletableFuture()
                .get(30, TimeUnit.SECONDS).isPresent();
    }

    private String positions(String account) throws Exception {
        return execute("broker:positions --json " + account, "viewer");
    }

    // ---- tests ----

    @Test
    public void eachLimitRefusesJustBeyondItsBoundaryAndPassesAtIt() throws Exception {
        String account = "risk-bounds";
        paperAccount(account);
        Path file = accountLimits(account, "max.order.units = 1000", "max.order.notional = 2000", "max.position.units = 2000");
        try {
            await("limits of " + account + " in force").atMost(WAIT).until(() -> "2000".equals(limitsInForce(account).get("max.position.units")));
            // the account's currency is known once its summary was read: notional limits are in it
            await("currency of " + account).atMost(WAIT).until(() -> {
                JsonNode notional = limit(account, "account", "max.order.notional");
                return notional != null && "USD".equals(notional.path("unit").asText());
            });
            String before = positions(account);

            // max.order.units: 1001 is refused, naming the limit, its scope and value and the order's value; never sent
            String refusal = refused("broker:order " + account + " EUR_USD buy 1001 --client-id risk-bounds-1001", ADMIN);
            assertTrue(refusal, refusal.contains("RISK_LIMIT_EXCEEDED")
                    && refusal.contains("max.order.units of account risk-bounds is 1000 units; the order's units are 1001"));
            assertFalse("a refused order was sent", sent(account, "risk-bounds-1001"));
            assertEquals("a refused order changed the position", before, positions(account));
            String errors = execute("broker:errors --since 5m --account " + account, "viewer");
            assertTrue(errors, errors.contains("RISK_LIMIT_EXCEEDED") && errors.contains("max.order.units"));
            // the global limit (etc/io.multibroker.risk.cfg, 1,000,000 units) holds too, and names its scope
            String global = refused("broker:order " + account + " EUR_USD buy 1000001", ADMIN);
            assertTrue(global, global.contains("max.order.units of global is 1000000 units; the order's units are 1000001"));

            // exactly at the limit passes
            assertTrue(execute("broker:order " + account + " EUR_USD buy 1000 --ref-price 1.08500 --client-id risk-bounds-1000", ADMIN).contains("FILLED"));
            assertTrue(sent(account, "risk-bounds-1000"));

            // max.order.notional: units times the limit price, exactly: 1000 x 2.00001 = 2000.01 USD is refused, 1000 x 2.00000 passes
            // (a sell limit far above the market: it rests, the position does not change)
            String notional = refused("broker:order " + account + " EUR_USD sell 1000 --type limit --price 2.00001 --tif GTC", ADMIN);
            assertTrue(notional, notional.contains("max.order.notional of account risk-bounds is 2000 USD; the order's notional is 2000.01"));
            String resting = execute("broker:order " + account + " EUR_USD sell 1000 --type limit --price 2.00000 --tif GTC", ADMIN);
            assertTrue(resting, resting.contains("ACCEPTED") || resting.contains("PENDING"));

            // max.position.units: 1000 held, 1000 more reaches 2000 exactly and passes; one unit more is refused
            await("position of 1000 counted").atMost(WAIT).until(() -> usage(account, "max.position.units", "1000"));
            assertTrue(execute("broker:order " + account + " EUR_USD buy 1000 --ref-price 1.08500", ADMIN).contains("FILLED"));
            // risk:status shows the usage and the headroom: 2000 of 2000 units, none left (and the count has settled: a fill
            // landing during a read of the broker's positions may be counted twice until the next read)
            await("usage 2000, headroom 0").atMost(WAIT).until(() -> usage(account, "max.position.units", "2000"));
            String position = refused("broker:order " + account + " EUR_USD buy 1 --ref-price 1.08500 --client-id risk-bounds-2001", ADMIN);
            assertTrue(position, position.contains("max.position.units of account risk-bounds is 2000 units; the EUR_USD position would be")
                    && position.contains(" 2001"));
            assertFalse(sent(account, "risk-bounds-2001"));

            JsonNode used = limit(account, "account", "max.position.units");
            assertEquals(used.toString(), 0, decimal(used.path("value")).compareTo(new BigDecimal("2000")));
            assertEquals(used.toString(), 0, decimal(used.path("headroom")).signum());
            String table = execute("risk:status", "viewer");
            assertTrue(table, table.contains("risk-bounds") && table.contains("max.position.units") && table.contains("Headroom"));
            // an order that reduces the position always passes the position limits
            assertTrue(execute("broker:order " + account + " EUR_USD sell 1 --ref-price 1.08500", ADMIN).contains("FILLED"));
        } finally {
            dropLimits(account, file);
            removeAccount(account);
        }
    }

    @Test
    public void aLimitChangedLiveAppliesToTheNextOrder() throws Exception {
        String account = "risk-live-edit";
        paperAccount(account);
        Path file = accountLimits(account, "max.order.units = 1000");
        try {
            await("limit in force").atMost(WAIT).until(() -> "1000".equals(limitsInForce(account).get("max.order.units")));
            assertTrue(execute("broker:order " + account + " EUR_USD buy 600", ADMIN).contains("FILLED"));

            // the operator edits the file: once risk:limits shows the new value, the very next order is judged by it
            accountLimits(account, "max.order.units = 500");
            await("edited limit in force").atMost(WAIT).until(() -> "500".equals(limitsInForce(account).get("max.order.units")));
            String refusal = refused("broker:order " + account + " EUR_USD buy 501", ADMIN);
            assertTrue(refusal, refusal.contains("max.order.units of account risk-live-edit is 500 units; the order's units are 501"));
            assertTrue(execute("broker:order " + account + " EUR_USD buy 500", ADMIN).contains("FILLED"));

            // without the file the account has no limits of its own
            Files.delete(file);
            await("limits gone").atMost(WAIT).until(() -> limitsInForce(account).isEmpty());
            assertTrue(execute("broker:order " + account + " EUR_USD buy 1001", ADMIN).contains("FILLED"));
        } finally {
            dropLimits(account, file);
            removeAccount(account);
        }
    }

    @Test
    public void aViewerReadsStatusAndLimitsButCannotHaltOrResume() throws Exception {
        String status = execute("risk:status", "viewer");
        assertTrue(status, status.contains("global") && status.contains("State"));
        String limits = execute("risk:limits --json", "viewer");
        // the global limits from etc/io.multibroker.risk.cfg
        assertTrue(limits, JSON.readTree(limits).path("global").toString().contains("\"max.order.units\""));
        for (String command : new String[] {"risk:halt --reason viewer-tries", "risk:resume --reason viewer-tries"}) {
            String refusal = refused(command, "viewer");
            assertTrue(refusal, refusal.contains("Command not found: risk:"));
        }
        assertEquals("ACTIVE", state(null));
    }

    /**
     * The kill switch during 16 callers at once ({@code abtest:run --concurrency 16}: at most 16 orders in flight, each slot
     * sending its next order only after its last one was answered), on two paper accounts that reject nothing, so that every
     * order that reaches a broker fills there. An order <em>got through after the halt</em> when its broker filled it at or
     * after the instant the global HALTED state was set (its {@code since} in risk:status): the brokers' own fill times,
     * from their order events. Every order a broker received after that instant is one of these, since it fills after it
     * arrives. Each caller may have had one order past the gate when the state changed, so at most 16 may get through.
     */
    @Test
    public void theKillSwitchDuringA16WayRunStopsEveryCallerWithinOneOrder() throws Exception {
        paperAccount("risk-halt-fast", "latency.median.ms=8", "latency.sigma=0.3");
        paperAccount("risk-halt-slow", "latency.median.ms=40", "latency.sigma=0.5");
        String prefix = "itest-halt-run-";
        Queue<OrderEvent> events = new ConcurrentLinkedQueue<>();
        registry.orderEvents().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OrderEvent event) {
                if (event.accountId().startsWith("risk-halt-")
                        && (event.kind() == OrderEventKind.GAP || event.clientOrderId() != null && event.clientOrderId().startsWith(prefix))) {
                    events.add(event);
                }
            }

            @Override
            public void onError(Throwable failure) {
            }

            @Override
            public void onComplete() {
            }
        });
        execute("abtest:create itest-halt risk-halt-fast=50 risk-halt-slow=50", ADMIN);
        await("experiment registered").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("itest-halt"));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<String> run = caller.submit(() -> execute("abtest:run itest-halt --orders 5000 --concurrency 16", ADMIN));
            // well into the run: at least 200 orders filled
            await("orders flowing").atMost(WAIT).until(() -> filled(events).size() >= 200 || run.isDone());
            assertFalse("the run ended before the halt: " + (run.isDone() ? run.get() : ""), run.isDone());
            String halted = execute("risk:halt --reason itest-kill-switch", ADMIN);
            assertTrue(halted, halted.contains("HALTED (global)"));
            JsonNode global = status(null);
            assertEquals("HALTED", global.path("state").asText());
            Instant since = Instant.parse(global.path("since").asText());
            String summary = run.get(3, TimeUnit.MINUTES);
            assertTrue(summary, summary.contains("Routed 5000 orders through experiment itest-halt"));

            // the run's summary says how many orders each broker filled: wait until their events have all arrived
            Matcher rows = Pattern.compile("\\n(risk-halt-\\w+) +\\| FILLED +\\| +(\\d+) ").matcher(summary);
            int filledInSummary = 0;
            while (rows.find()) {
                filledInSummary += Integer.parseInt(rows.group(2));
            }
            int expected = filledInSummary;
            assertTrue(summary, expected >= 200);
            await("every fill's event").atMost(WAIT).until(() -> filled(events).size() >= expected);
            Map<String, Instant> fills = filled(events);
            assertEquals(summary, expected, fills.size());
            Set<String> throughAfterHalt = new HashSet<>();
            fills.forEach((order, time) -> {
                if (!time.isBefore(since)) {
                    throughAfterHalt.add(order);
                }
            });
            int before = fills.size() - throughAfterHalt.size();
            System.out.println("RiskIT kill switch: " + before + " orders filled before the halt, " + throughAfterHalt.size()
                    + " filled at or after it (" + since + "), " + (5000 - fills.size()) + " refused: " + throughAfterHalt);
            assertTrue("the brokers' order events had a gap: the count is not complete",
                    events.stream().noneMatch(event -> event.kind() == OrderEventKind.GAP));
            assertTrue("more orders than callers got through after the halt: " + throughAfterHalt, throughAfterHalt.size() <= 16);
            assertTrue(before >= 200);
            // the rest were refused by the risk layer, never sent
            assertTrue("orders filled: " + fills.size(), fills.size() < 5000);
            assertTrue(summary, summary.contains("REJECTED"));
            String errors = execute("broker:errors --since 5m --account risk-halt-fast", "viewer");
            assertTrue(errors, errors.contains("RISK_LIMIT_EXCEEDED"));

            // nothing passes while halted, not even on the direct handle
            String refusal = refused("broker:order risk-halt-fast EUR_USD buy 1", ADMIN);
            assertTrue(refusal, refusal.contains("RISK_LIMIT_EXCEEDED") && refusal.contains("is HALTED")
                    && refusal.contains("itest-kill-switch"));
        } finally {
            caller.shutdownNow();
            execute("risk:resume --reason itest", ADMIN);
            execute("abtest:delete itest-halt", ADMIN);
        }
        assertEquals("ACTIVE", state(null));
        assertTrue(execute("broker:order risk-halt-fast EUR_USD buy 1", ADMIN).contains("FILLED"));
        removeAccount("risk-halt-fast");
        removeAccount("risk-halt-slow");
    }

    /** Each order's fill time at its broker, from the brokers' FILLED events. */
    private static Map<String, Instant> filled(Queue<OrderEvent> events) {
        Map<String, Instant> fills = new HashMap<>();
        for (OrderEvent event : events) {
            if (event.kind() == OrderEventKind.FILLED) {
                fills.merge(event.clientOrderId(), event.time(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return fills;
    }

    /**
     * Daily loss on paper: an adverse slippage of 50 pips on average (exponential, seeded) on every market order, plus the
     * spread, makes 50,000 units bought and 20,000 of them sold lose more than 10 USD, the account's max.daily.loss. Its summary
     * is read every second (usage.refresh.seconds=1 in etc/io.multibroker.risk.cfg).
     */
    @Test
    public void aDailyLossOnPaperTripsReducing() throws Exception {
        String account = "risk-loss";
        paperAccount(account, "slippage.pips.mean=50", "seed=11");
        // the position limit is far away: it is there so that risk:status shows the position the risk layer counts
        Path file = accountLimits(account, "max.daily.loss = 10", "max.position.units = 1000000");
        try {
            // the day's starting value is the first summary read after the limit is known
            await("daily loss followed").atMost(WAIT).until(() -> {
                JsonNode loss = limit(account, "account", "max.daily.loss");
                return loss != null && decimal(loss.path("usage")) != null;
            });
            assertEquals("ACTIVE", state(account));
            // long 50,000, then 20,000 of it sold: the sale reduces the position, so it passes whether or not the loss of the
            // first order has tripped the limit already (a summary is read every second)
            assertTrue(execute("broker:order " + account + " EUR_USD buy 50000", ADMIN).contains("FILLED"));
            assertTrue(execute("broker:order " + account + " EUR_USD sell 20000", ADMIN).contains("FILLED"));
            await("REDUCING after the loss").atMost(WAIT).until(() -> "REDUCING".equals(state(account)));
            await("position of 30000 counted").atMost(WAIT).until(() -> usage(account, "max.position.units", "30000"));
            JsonNode scope = status(account);
            assertTrue(scope.toString(), scope.path("reason").asText().contains("daily loss")
                    && scope.path("reason").asText().contains("max.daily.loss of account risk-loss (10)") && scope.path("by").asText().equals("risk"));
            JsonNode loss = limit(account, "account", "max.daily.loss");
            assertTrue(loss.toString(), decimal(loss.path("usage")).compareTo(new BigDecimal("10")) > 0
                    && decimal(loss.path("headroom")).signum() < 0);

            // an order that would grow the position is refused; one that reduces it passes
            String refusal = refused("broker:order " + account + " EUR_USD buy 1000 --client-id risk-loss-grow", ADMIN);
            assertTrue(refusal, refusal.contains("RISK_LIMIT_EXCEEDED") && refusal.contains("is REDUCING"));
            assertFalse(sent(account, "risk-loss-grow"));
            String opposite = refused("broker:order " + account + " EUR_USD sell 30001", ADMIN);
            assertTrue(opposite, opposite.contains("is REDUCING"));
            assertTrue(execute("broker:order " + account + " EUR_USD sell 1000", ADMIN).contains("FILLED"));
        } finally {
            dropLimits(account, file);
            removeAccount(account);
        }
    }

    @Test
    public void aRestartOfTheRiskBundleKeepsHaltedWithWhoAndWhy() throws Exception {
        awaitUp("paper-fast");
        execute("risk:halt --reason itest-restart", ADMIN);
        try {
            Bundle risk = Arrays.stream(bundleContext.getBundles())
                    .filter(b -> "io.multibroker.risk".equals(b.getSymbolicName())).findFirst().orElseThrow();
            restart(risk);
            await("risk status after restart").atMost(WAIT).until(() -> {
                try {
                    return status(null) != null;
                } catch (CommandFailed comingBack) {
                    return false;
                }
            });
            JsonNode global = status(null);
            assertEquals(global.toString(), "HALTED", global.path("state").asText());
            assertEquals("itest", global.path("by").asText());
            assertEquals("itest-restart", global.path("reason").asText());
            String table = execute("risk:status", "viewer");
            assertTrue(table, table.contains("HALTED") && table.contains("itest-restart"));
            await("risk gate back").atMost(WAIT).until(() -> {
                try {
                    execute("broker:order paper-fast EUR_USD buy 1", ADMIN);
                    return false;
                } catch (CommandFailed refused) {
                    return refused.output.contains("is HALTED") || String.valueOf(refused.getCause()).contains("is HALTED");
                }
            });
            // the change is in the journal of states, with who and why
            String journalled = Files.readString(Path.of(System.getProperty("karaf.data"), "multibroker", "risk-journal.log"));
            assertTrue(journalled, journalled.contains("global\tACTIVE -> HALTED\titest\titest-restart"));
            // and in the order journal, among what happened to orders, where broker:events shows it
            await("halt in the order journal").atMost(WAIT).until(() -> tradingStateEntry("ACTIVE -> HALTED by itest: itest-restart") != null);
            JsonNode halt = tradingStateEntry("ACTIVE -> HALTED by itest: itest-restart");
            assertEquals(halt.toString(), "*", halt.path("accountId").asText());
            assertTrue(halt.toString(), halt.path("detail").asText().contains("scope=global"));
            assertTrue(execute("broker:events --since 10m --count 100000", "viewer").contains("TRADING_STATE"));
        } finally {
            execute("risk:resume --reason itest", ADMIN);
        }
        assertEquals("ACTIVE", state(null));
        await("resume in the order journal").atMost(WAIT).until(() -> tradingStateEntry("HALTED -> ACTIVE by itest: itest") != null);
    }

    /** The order journal's TRADING_STATE entry of the last ten minutes with this reason, as broker:events --json shows it, or null. */
    private JsonNode tradingStateEntry(String reason) throws Exception {
        for (JsonNode entry : JSON.readTree(execute("broker:events --json --since 10m --count 100000", "viewer"))) {
            if ("TRADING_STATE".equals(entry.path("kind").asText()) && reason.equals(entry.path("reason").asText())) {
                return entry;
            }
        }
        return null;
    }

    /**
     * orders.require.risk.check (true in the shipped etc/io.multibroker.registry.cfg): while the risk bundle is stopped no
     * order is sent unchecked; once it is started again, orders pass.
     */
    @Test
    public void whileTheRiskBundleIsStoppedOrdersAreRefusedAndPassAgainOnceItStarts() throws Exception {
        awaitUp("paper-fast");
        Bundle risk = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "io.multibroker.risk".equals(b.getSymbolicName())).findFirst().orElseThrow();
        Path settings = etc("io.multibroker.registry.cfg");
        String shipped = Files.readString(settings);
        assertTrue(shipped, shipped.contains("orders.require.risk.check = true"));
        risk.stop();
        try {
            String refusal = refused("broker:order paper-fast EUR_USD buy 1 --client-id risk-missing-1", ADMIN);
            assertTrue(refusal, refusal.contains("RISK_LIMIT_EXCEEDED") && refusal.contains("orders.require.risk.check is true"));
            assertFalse(sent("paper-fast", "risk-missing-1"));

            // a value that is not a boolean is refused by name, and the last valid one (true) stays in force
            Files.writeString(settings, shipped.replace("orders.require.risk.check = true", "orders.require.risk.check = maybe"));
            Path log = Path.of(System.getProperty("karaf.base"), "data", "log", "karaf.log");
            await("invalid setting refused").atMost(WAIT).until(() -> Files.readString(log)
                    .contains("orders.require.risk.check=maybe: must be true or false"));
            String stillRefused = refused("broker:order paper-fast EUR_USD buy 1 --client-id risk-missing-2", ADMIN);
            assertTrue(stillRefused, stillRefused.contains("orders.require.risk.check is true"));
            assertFalse(sent("paper-fast", "risk-missing-2"));
        } finally {
            Files.writeString(settings, shipped);
            risk.start();
        }
        await("orders pass once the risk bundle is back").atMost(WAIT).until(() -> {
            try {
                return execute("broker:order paper-fast EUR_USD buy 1", ADMIN).contains("FILLED");
            } catch (CommandFailed stillMissing) {
                return false;
            }
        });
    }

    /**
     * An OANDA account whose configuration says environment=live. It is stopped (account.enabled=false), so that nothing
     * connects to OANDA's real hosts: the tests stay on the loopback. The risk layer reads environment=live from its
     * configuration all the same.
     */
    @Test
    public void aLiveAccountStartsHaltedAndResumesOnlyWithLive() throws Exception {
        String account = "risk-live";
        Path secret = etc("risk-live-token");
        Files.writeString(secret, "not-a-real-token");
        Path file = etc("io.multibroker.oanda-" + account + ".cfg");
        Files.writeString(file, "account.id = " + account + "\nenvironment = live\noanda.account = 101-001-0000001-001\n"
                + ".token = $[secret:risk-live-token]\naccount.enabled = false\n");
        try {
            await("live account registered").atMost(WAIT).until(() -> registry.account(account).isPresent());
            await("live account HALTED").atMost(WAIT).until(() -> "HALTED".equals(state(account)));
            JsonNode scope = status(account);
            assertTrue(scope.toString(), scope.path("reason").asText().contains("environment=live")
                    && scope.path("reason").asText().contains("risk:resume " + account + " --live"));

            String refusal = refused("risk:resume " + account + " --reason itest", ADMIN);
            assertTrue(refusal, refusal.contains("--live"));
            assertEquals("HALTED", state(account));

            String resumed = execute("risk:resume " + account + " --live --reason itest-live", ADMIN);
            assertTrue(resumed, resumed.contains(account + " is ACTIVE"));
            assertEquals("ACTIVE", state(account));
            assertEquals("itest", status(account).path("by").asText());
        } finally {
            Files.deleteIfExists(file);
            await("live account removed").atMost(WAIT).until(() -> registry.account(account).isEmpty());
            Files.deleteIfExists(secret);
        }
    }
}
