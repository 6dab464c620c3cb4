package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerFactory;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutingRequest;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** The assembled runtime, as an operator uses it: features, default accounts, console, factory, hot deploy. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuntimeIT extends MultibrokerTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    private FeaturesService features;

    @Inject
    private BrokerRegistry registry;

    @Inject
    private BrokerFactory factory;

    @Inject
    private BundleContext bundleContext;

    @Inject
    private ServiceComponentRuntime components;

    @Configuration
    public Option[] config() {
        StandInServer.ensureStarted();
        return assembly();
    }

    private void awaitUp(String account) {
        await("account " + account + " UP").atMost(WAIT).until(() -> registry.account(account)
                .map(a -> a.health().status() == HealthStatus.UP).orElse(false));
    }

    /** The orders an experiment recorded per arm (overrides apart), as {@code abtest:show --json} gives them. */
    private Map<String, Integer> recorded(String experiment) throws Exception {
        Map<String, Integer> perArm = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(execute("abtest:show " + experiment + " --json", "viewer")).path("recorded")) {
            if (!row.path("arm").asText().equals("(all)") && row.path("orders").asInt() > 0) {
                perArm.put(row.path("arm").asText(), row.path("orders").asInt());
            }
        }
        return perArm;
    }

    /**
     * A component whose activation failed stays failed until one of its dependencies changes: once, the journal activated
     * inside the registry's activation, hit the framework's cycle check and was missing for the whole run. Every
     * service of the runtime is got here (activating any that is delayed) and no component may have failed.
     */
    @Test
    public void everyComponentOfTheRuntimeActivates() throws Exception {
        awaitUp("paper-fast");
        for (String service : new String[] {OrderJournal.class.getName(), PreTradeCheck.class.getName(), ConfigurationPlugin.class.getName(),
                ConfigurationKinds.class.getName(), BrokerFactory.class.getName()}) {
            ServiceReference<?>[] references = bundleContext.getServiceReferences(service, null);
            assertTrue(service + " is not registered", references != null && references.length > 0);
            for (ServiceReference<?> reference : references) {
                assertTrue(service + " could not be got", bundleContext.getService(reference) != null);
                bundleContext.ungetService(reference);
            }
        }
        List<String> failed = new ArrayList<>();
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith("io.multibroker")) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    failed.add(description.name + ": " + configuration.failure);
                }
            }
        }
        assertEquals(List.of(), failed);
    }

    @Test
    public void theFeaturesAreInstalled() throws Exception {
        for (String feature : new String[] {"multibroker", "multibroker-api", "multibroker-core", "multibroker-paper", "multibroker-oanda", "multibroker-abtest", "multibroker-console"}) {
            assertTrue(feature + " not installed", features.isInstalled(features.getFeature(feature)));
        }
    }

    @Test
    public void bothDefaultPaperAccountsAreRegisteredAndUp() {
        awaitUp("paper-fast");
        awaitUp("paper-slow");
        BrokerAccount slow = registry.requireAccount("paper-slow");
        assertEquals("paper", slow.brokerType());
        assertTrue(registry.type("paper").isPresent());
        // the shipped schema is read from Metatype, with its ranges
        assertEquals("0", registry.type("paper").get().schema().attribute("latency.median.ms").get().min());
    }

    @Test
    public void anOrderFillsThroughTheConsole() throws Exception {
        awaitUp("paper-fast");
        String output = execute("broker:order paper-fast EUR_USD buy 1000 --client-id itest-order-1", "admin", "viewer");
        assertTrue(output, output.contains("FILLED"));
        String positions = execute("broker:positions --json paper-fast", "viewer");
        assertTrue(positions, positions.contains("\"instrument\" : \"EUR_USD\""));
        String lookup = execute("broker:list", "viewer");
        assertTrue(lookup, lookup.contains("paper-slow"));
    }

    @Test
    public void theRouterSendsAnOrderOnlyWhereItCanGoAndSaysWhere() throws Exception {
        awaitUp("paper-fast");
        awaitUp("paper-slow");
        String routed = execute("broker:order * EUR_USD buy 10 --route capability", "admin");
        assertTrue(routed, routed.contains("FILLED") && routed.contains("Routed by CAPABILITY to paper-"));
        String fastest = execute("broker:order * EUR_USD buy 10 --route lowest_latency", "admin");
        assertTrue(fastest, fastest.contains("Routed by LOWEST_LATENCY to paper-"));
        try {
            execute("broker:order * NO_SUCH buy 10 --route capability", "admin");
            fail("an order no account can take was placed");
        } catch (CommandFailed expected) {
            assertTrue(expected.output, expected.output.contains("INVALID_SYMBOL") && expected.output.contains("no account can take this order"));
        }
    }

    @Inject
    private OrderRouter router;

    @Inject
    private ExecutionQuality quality;

    @Test
    public void aShadowArmAddedFromTheShellIsComparedWithoutTakingAnOrder() throws Exception {
        awaitUp("paper-fast");
        awaitUp("paper-slow");
        // a paper account quoting three times as wide, as a costlier broker would
        execute("broker:create paper itest-wide spread.scale=3", "admin");
        awaitUp("itest-wide");
        execute("abtest:create itest-shadow paper-fast=50 paper-slow=50 shadows=itest-wide", "admin");
        await("experiment registered").atMost(WAIT).until(() -> execute("abtest:show itest-shadow", "viewer").contains("itest-wide"));
        QualityQuery shadowed = new QualityQuery(null, "EUR_USD", "itest-shadow", null, 0);
        int[] sent = {0};
        // the shadow's prices are followed from its start (watch.instruments, every 5 s): orders before that have no shadow row
        await("shadow rows").atMost(WAIT).until(() -> {
            for (int i = 0; i < 10; i++) {
                var order = UnifiedOrder.market("EUR_USD", OrderSide.BUY,
                        BigDecimal.ONE).clientOrderId("itest-shadow-" + sent[0]++).build();
                router.submit(order, RoutingRequest.experiment("itest-shadow")).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            }
            return quality.fills(shadowed).stream().filter(FillQuality::shadow).count() >= 20;
        });
        OperationMetrics placed = registry.account("itest-wide").orElseThrow().metrics().get("placeOrder");
        assertTrue("the shadow took no order: " + placed, placed == null || placed.calls() == 0);
        String report = execute("abtest:report itest-shadow --json", "viewer");
        JsonNode test = null;
        for (JsonNode candidate : new ObjectMapper().readTree(report).get("tests")) {
            if (candidate.get("metric").asText().equals("effective_spread") && candidate.get("arm").asText().equals("itest-wide")) {
                test = candidate;
            }
        }
        assertTrue(report, test != null);
        // three times the spread: the shadow would have paid more than the live arm, and the test says so
        assertTrue(test.toString(), test.get("difference").asDouble() > 0 && test.get("adjustedPValue").asDouble() < 0.05);
        assertTrue(execute("abtest:report itest-shadow", "viewer").contains("itest-wide"));
        // leave the runtime as the other tests expect it: the two paper accounts alone
        execute("abtest:delete itest-shadow", "admin");
        execute("broker:remove itest-wide", "admin");
        await("account removed").atMost(WAIT).until(() -> registry.account("itest-wide").isEmpty());
    }

    @Test
    public void everyFillIsJudgedAgainstTheReferencePricesAndTheReportComparesTheArmsOnIt() throws Exception {
        awaitUp("paper-fast");
        awaitUp("paper-slow");
        for (int i = 0; i < 40; i++) {
            var order = UnifiedOrder.market("EUR_USD", i % 2 == 0 ? OrderSide.BUY
                    : OrderSide.SELL, BigDecimal.ONE).clientOrderId("itest-tca-" + i).build();
            router.submit(order, RoutingRequest.experiment("demo")).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        }
        QualityQuery demo = new QualityQuery(null, "EUR_USD", "demo", null, 0);
        // recorded off the order path within a moment; EUR_USD is followed from the start, so the fills have an arrival quote
        await("fills recorded").atMost(WAIT).until(() -> quality.fills(demo).stream()
                .filter(f -> f.clientOrderId().startsWith("itest-tca-") && f.effectiveSpread() != null).count() >= 35);
        // and their 1 s and 5 s markouts are taken once the horizons have passed
        await("markouts taken").atMost(WAIT).until(() -> quality.fills(demo).stream()
                .filter(f -> f.clientOrderId().startsWith("itest-tca-"))
                .allMatch(f -> f.markout(MarkoutHorizon.FIVE_SECONDS).orElseThrow().state() != MarkoutState.PENDING));
        FillQuality fill = quality.fills(demo).stream().filter(f -> f.clientOrderId().equals("itest-tca-0")).findFirst().orElseThrow();
        assertEquals("demo", fill.experiment());
        assertEquals(fill.accountId(), fill.arm());
        // paper fills a market buy at the ask or worse (paper-slow slips 1 pip on average): never better than the quote
        assertTrue(fill.toString(), fill.priceImprovement().pips().signum() <= 0 && fill.effectiveSpread().pips().signum() > 0);

        String report = execute("abtest:report demo", "viewer");
        assertTrue(report, report.contains("effective_spread (pips)") && report.contains("markout_5s (pips)"));
        String tca = execute("broker:tca --instrument EUR_USD", "viewer");
        assertTrue(tca, tca.contains("paper-fast") && tca.contains("paper-slow") && tca.contains("Eff. spread (pips)"));
    }

    @Test
    public void anExperimentCreatedFromTheConsoleSplitsOrdersBetweenItsArms() throws Exception {
        awaitUp("paper-fast");
        awaitUp("paper-slow");
        try {
            execute("abtest:create itest-bad paper-fast=60 paper-slow=30", "admin");
            fail("weights that sum to 90 % were accepted");
        } catch (CommandFailed expected) {
            assertTrue(String.valueOf(expected.getCause()), String.valueOf(expected.getCause()).contains("not exactly 100 %"));
        }
        execute("abtest:create itest-split paper-fast=70 paper-slow=30 minimum.sample.per.arm=20", "admin");
        await("experiment registered").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("itest-split"));
        Map<String, Integer> arms = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            var order = UnifiedOrder.market("EUR_USD", OrderSide.BUY,
                    BigDecimal.ONE).clientOrderId("itest-split-" + i).build();
            var routed = router.submit(order, RoutingRequest.experiment("itest-split"))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals("itest-split", routed.experiment());
            arms.merge(routed.arm(), 1, Integer::sum);
        }
        assertEquals(210, arms.get("paper-fast"), 40);
        assertEquals(90, arms.get("paper-slow"), 40);
        String shown = execute("abtest:show itest-split", "viewer");
        assertTrue(shown, shown.contains("paper-fast 70.00 %") && shown.contains("running"));
        assertEquals(arms, recorded("itest-split"));

        // paper-fast answers in a fifth of paper-slow's time: the report finds it
        String report = execute("abtest:report itest-split", "viewer");
        assertTrue(report, report.contains("Verdict: paper-fast is better on latency") && report.contains("Sample ratio: p = ")
                && report.contains(" ok"));

        // the outcomes are in the database: they survive a restart of the bundle that records them
        Bundle abtest = Arrays.stream(bundleContext.getBundles())
                .filter(b -> "io.multibroker.abtest".equals(b.getSymbolicName())).findFirst().orElseThrow();
        restart(abtest);
        await("outcomes after restart").atMost(WAIT).until(() -> {
            try {
                return arms.equals(recorded("itest-split"));
            } catch (CommandFailed serviceComingBack) {
                return false;
            }
        });

        execute("abtest:stop itest-split", "admin");
        await("stopped").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("stopped"));
        try {
            execute("broker:order * EUR_USD buy 1 --route itest-split", "admin");
            fail("a stopped experiment took an order");
        } catch (CommandFailed expected) {
            assertTrue(expected.output, expected.output.contains("is stopped"));
        }
        execute("abtest:delete itest-split", "admin");
        await("deleted").atMost(WAIT).until(() -> !execute("abtest:list", "viewer").contains("itest-split"));
    }

    @Test
    public void anExperimentWithAutomaticSelectionPromotesTheFasterAccount() throws Exception {
        awaitUp("paper-fast");
        awaitUp("paper-slow");
        execute("abtest:create itest-auto paper-slow=50 paper-fast=50 minimum.sample.per.arm=40 auto.select=true", "admin");
        await("experiment registered").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("itest-auto"));

        // the settings reach the experiment as written (property names as Metatype publishes them)
        String settings = execute("abtest:show itest-auto", "viewer");
        assertTrue(settings, settings.matches("(?s).*Minimum sample per arm +\\| 40\\b.*") && settings.matches("(?s).*Automatic selection +\\| true.*"));

        String run = execute("abtest:run itest-auto --orders 300 --concurrency 8", "admin");
        assertTrue(run, run.contains("Routed 300 orders through experiment itest-auto"));

        // the supervisor looks every 2 s: paper-fast answers in a fifth of paper-slow's time, and wins
        await("promotion").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("promoted paper-fast"));
        String shown = execute("abtest:show itest-auto", "viewer");
        assertTrue(shown, shown.contains("paper-fast 100.00 %") && shown.contains("paper-slow 0.00 %")
                && shown.contains("(before: paper-slow 50.00 %, paper-fast 50.00 %)"));
        String report = execute("abtest:report itest-auto", "viewer");
        assertTrue(report, report.contains("promoted paper-fast at ") && report.contains("paper-fast is better on latency"));
        // the promotion is a configuration version like any other
        String history = execute("broker:config-history experiment:itest-auto", "viewer");
        assertTrue(history, history.contains("promotion"));

        // after the promotion every order goes to paper-fast
        String after = execute("abtest:run itest-auto --orders 20", "admin");
        assertTrue(after, after.matches("(?s).*\\npaper-fast +\\| FILLED +\\| +20 \\|.*"));

        // by hand: an arm that is not one is refused, naming it; a real arm is promoted
        try {
            execute("abtest:promote itest-auto paper-nowhere", "admin");
            fail("a promotion of a non-arm was accepted");
        } catch (CommandFailed expected) {
            String why = expected.output + expected.getCause();
            assertTrue(why, why.contains("arm=paper-nowhere"));
        }
        execute("abtest:promote itest-auto paper-slow --reason itest", "admin");
        await("manual promotion").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("promoted paper-slow"));
        assertTrue(execute("abtest:show itest-auto", "viewer").contains("(before: paper-slow 50.00 %, paper-fast 50.00 %)"));
        execute("abtest:delete itest-auto", "admin");
    }

    @Test
    public void aThompsonSamplingExperimentMovesTrafficToTheFasterAccountAndKeepsTheFloor() throws Exception {
        awaitUp("paper-fast");
        awaitUp("paper-slow");
        execute("abtest:create itest-bandit paper-slow=50 paper-fast=50 allocation=thompson bandit.floor=10", "admin");
        await("experiment registered").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("itest-bandit"));
        execute("abtest:run itest-bandit --orders 200", "admin");
        // the supervisor sets the split from the outcomes every 2 s: all but the floor to the faster account
        await("bandit split").atMost(WAIT).until(() -> execute("abtest:show itest-bandit", "viewer")
                .contains("paper-slow 10.00 %, paper-fast 90.00 %"));
        String run = execute("abtest:run itest-bandit --orders 400", "admin");
        Matcher slow = Pattern.compile("\\npaper-slow +\\| (FILLED|REJECTED) +\\| +(\\d+) ").matcher(run);
        int slowOrders = 0;
        while (slow.find()) {
            slowOrders += Integer.parseInt(slow.group(2));
        }
        // about 40 of 400 by the floor; far from the 200 of an even split
        assertTrue(run, slowOrders >= 15 && slowOrders <= 80);
        assertTrue(execute("abtest:report itest-bandit", "viewer").contains("Sample ratio: not checked"));
        execute("abtest:delete itest-bandit", "admin");
    }

    @Test
    public void anOandaAccountOnTheStandInTradesAndStreamsAndItsTokenStaysHidden() throws Exception {
        // the token reaches the configuration only as a reference to Karaf's secrets directory
        Path secret = Paths.get(System.getProperty("karaf.etc"), "oanda-itest-token");
        Files.writeString(secret, StandInServer.TOKEN);
        String url = "http://127.0.0.1:" + StandInServer.PORT;
        execute("broker:create oanda oanda-itest environment=custom rest.url=" + url + " stream.url=" + url + " oanda.account="
                + StandInServer.ACCOUNT + " '.token=$[secret:oanda-itest-token]'", "admin");
        awaitUp("oanda-itest");
        assertTrue(registry.account("oanda-itest").orElseThrow().capabilities().instruments().containsKey("EUR_USD"));

        String order = execute("broker:order oanda-itest EUR_USD buy 100", "admin");
        assertTrue(order, order.contains("FILLED"));
        String prices = execute("broker:prices oanda-itest EUR_USD --count 3", "viewer");
        assertTrue(prices, prices.split("EUR_USD", -1).length - 1 >= 3);
        String positions = execute("broker:positions oanda-itest", "viewer");
        assertTrue(positions, positions.contains("EUR_USD"));

        String configList = execute("config:list '(service.factoryPid=io.multibroker.oanda)'", "admin");
        assertTrue(configList, configList.contains("oanda-itest") && !configList.contains(StandInServer.TOKEN));
        String info = execute("broker:info oanda-itest", "viewer");
        assertTrue(info, info.contains(".token") && !info.contains(StandInServer.TOKEN));
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        assertFalse("the token is in the log", Files.readString(log).contains(StandInServer.TOKEN));

        // a wrong token: the account goes DOWN with AUTHENTICATION_FAILED, and the token is still not printed
        Files.writeString(secret, "not-the-token");
        execute("broker:configure oanda-itest request.timeout.ms=5000", "admin");
        await("authentication failure").atMost(WAIT).until(() -> registry.account("oanda-itest")
                .map(a -> a.health().status() == HealthStatus.DOWN && a.health().code() == ErrorCode.AUTHENTICATION_FAILED)
                .orElse(false));
        execute("broker:remove oanda-itest", "admin");
        Files.delete(secret);
    }

    @Test
    public void placingAnOrderNeedsTheAdminRole() throws Exception {
        awaitUp("paper-fast");
        try {
            execute("broker:order paper-fast EUR_USD buy 10", "viewer");
            fail("a viewer placed an order");
        } catch (CommandFailed expected) {
            // Karaf's command ACL hides a guarded command from a user without the role
            assertTrue(String.valueOf(expected.getCause()), String.valueOf(expected.getCause()).contains("Command not found: broker:order"));
        }
        assertTrue(execute("broker:health", "viewer").contains("paper-fast"));
        assertTrue(execute("broker:order paper-fast EUR_USD buy 10", "admin").contains("FILLED"));
    }

    @Test
    public void anAccountCreatedThroughTheFactoryAppearsAndARemovedOneDisappears() {
        factory.createAccount("paper", "itest-created", Map.of("latency.median.ms", "1", "hedging", "true"));
        awaitUp("itest-created");
        assertTrue(registry.requireAccount("itest-created").capabilities().has(BrokerCapability.HEDGING));
        factory.removeAccount("itest-created");
        await("account removed").atMost(WAIT).until(() -> registry.account("itest-created").isEmpty());
    }

    @Test
    public void theFactoryReconfiguresStopsAndStartsAnAccountAndKeepsItsIdFixed() {
        factory.createAccount("paper", "itest-lifecycle", Map.of("latency.median.ms", "1"));
        awaitUp("itest-lifecycle");
        factory.reconfigure("itest-lifecycle", Map.of("instruments", "EUR_USD,USD_JPY"));
        await("instruments reconfigured").atMost(WAIT).until(() -> registry.account("itest-lifecycle")
                .map(a -> a.capabilities().instruments().keySet().equals(Set.of("EUR_USD", "USD_JPY"))).orElse(false));
        assertEquals("EUR_USD,USD_JPY", String.join(",", (String[]) factory.configuration("itest-lifecycle").get("instruments")));

        factory.stopAccount("itest-lifecycle");
        await("account stopped").atMost(WAIT).until(() -> registry.account("itest-lifecycle")
                .map(a -> a.health().status() == HealthStatus.STOPPED).orElse(false));
        factory.startAccount("itest-lifecycle");
        awaitUp("itest-lifecycle");

        try {
            factory.reconfigure("itest-lifecycle", Map.of("account.id", "renamed"));
            fail("the account id was changed");
        } catch (InvalidConfigurationException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("cannot be changed"));
        }
        try {
            factory.createAccount("paper", "itest-lifecycle", Map.of());
            fail("an account was created twice");
        } catch (StandardBrokerError e) {
            assertTrue(e.getMessage(), e.getMessage().contains("already exists"));
        }
        try {
            factory.createAccount("paper", "bad id/with slash", Map.of());
            fail("an unsafe account id was accepted");
        } catch (InvalidConfigurationException e) {
            assertEquals("account.id", e.violations().get(0).key());
        }
        factory.removeAccount("itest-lifecycle");
        await("account removed").atMost(WAIT).until(() -> registry.account("itest-lifecycle").isEmpty());
    }

    @Test
    public void aChangeInWhatAnAccountOffersIsPublishedAndKeptInItsHistory() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, BrokerRegistry.TOPIC_CAPABILITIES_CHANGED);
        var registration = bundleContext.registerService(EventHandler.class, events::add, topics);
        try {
            factory.createAccount("paper", "itest-caps", Map.of("latency.median.ms", "1"));
            awaitUp("itest-caps");
            factory.reconfigure("itest-caps", Map.of("instruments", "EUR_USD,XAU_USD", "hedging", "true"));
            await("capability change event").atMost(WAIT).until(() -> events.stream()
                    .anyMatch(e -> "itest-caps".equals(e.getProperty("account.id"))));
            Event event = events.stream().filter(e -> "itest-caps".equals(e.getProperty("account.id")))
                    .findFirst().orElseThrow();
            assertTrue(Arrays.asList((String[]) event.getProperty("features.added")).contains("HEDGING"));
            assertTrue(Arrays.asList((String[]) event.getProperty("instruments.removed")).contains("GBP_USD"));
            var history = registry.capabilityHistory("itest-caps");
            assertEquals(1, history.size());
            assertTrue(history.get(0).diff().featuresRemoved().contains(BrokerCapability.FIFO_ONLY));
            String shown = execute("broker:capabilities itest-caps --history", "viewer");
            assertTrue(shown, shown.contains("+HEDGING") && shown.contains("-GBP_USD"));
        } finally {
            registration.unregister();
            factory.removeAccount("itest-caps");
        }
    }

    @Test
    public void performanceAndErrorsAreComparableAcrossAccountsInTheShellAndOverJmx() throws Exception {
        awaitUp("paper-fast");
        awaitUp("paper-slow");
        for (int i = 0; i < 5; i++) {
            execute("broker:order paper-fast EUR_USD buy 10 --ref-price 1.08500", "admin");
            try {
                execute("broker:order paper-slow EUR_USD buy 10 --ref-price 1.08500", "admin");
            } catch (CommandFailed rejected) {
                // paper-slow rejects 2 % of orders as MARKET_CLOSED (its shipped configuration): a call all the same
                assertTrue(rejected.output + rejected.getCause(), (rejected.output + rejected.getCause()).contains("MARKET_CLOSED"));
            }
        }
        try {
            execute("broker:order paper-slow EUR_USD buy 10.5", "admin");
            fail("fractional EUR_USD units were accepted");
        } catch (CommandFailed expected) {
            assertTrue(expected.output, expected.output.contains("INVALID_QUANTITY"));
        }
        String metrics = execute("broker:metrics --since 10m --operation placeOrder", "viewer");
        assertTrue(metrics, metrics.contains("paper-fast") && metrics.contains("paper-slow") && metrics.contains("Fill rate"));
        var fast = registry.requireAccount("paper-fast").metrics(Instant.now().minusSeconds(600));
        var slow = registry.requireAccount("paper-slow").metrics(Instant.now().minusSeconds(600));
        assertTrue(fast.orders().slippageSamples() >= 5);
        // paper-slow is configured with five times the median latency of paper-fast
        assertTrue(slow.operations().get("placeOrder").p50().compareTo(fast.operations().get("placeOrder").p50()) > 0);

        String errors = execute("broker:errors --since 5m", "viewer");
        assertTrue(errors, errors.contains("INVALID_QUANTITY") && errors.contains("paper-slow"));

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.multibroker:type=AccountMetrics,account=paper-slow");
        assertTrue((Long) server.getAttribute(name, "placeOrder.Calls") >= 6);
        assertTrue((Long) server.getAttribute(name, "placeOrder.Errors") >= 1);
    }

    @Test
    public void anInvalidConfigurationIsRefusedNamingEveryViolation() {
        try {
            factory.createAccount("paper", "itest-invalid", Map.of("latency.median.ms", "-5", "currency", "XYZ"));
            fail("an invalid configuration was accepted");
        } catch (InvalidConfigurationException e) {
            assertEquals(2, e.violations().size());
            assertTrue(e.getMessage(), e.getMessage().contains("latency.median.ms=-5: must be at least 0"));
            assertTrue(e.getMessage(), e.getMessage().contains("currency=XYZ"));
        }
        assertTrue(registry.account("itest-invalid").isEmpty());
        try {
            factory.createAccount("no-such-broker", "x", Map.of());
            fail("an unknown broker type was accepted");
        } catch (StandardBrokerError e) {
            assertEquals(ErrorCode.UNSUPPORTED_BROKER, e.code());
        }
    }

    @Test
    public void aBundleDroppedIntoDeployRegistersItsTypeAndAccountsAndLeavesWithThem() throws Exception {
        Path base = Path.of(System.getProperty("karaf.base"));
        Path config = base.resolve("etc/io.multibroker.sample-sample-1.cfg");
        Files.writeString(config, "account.id = sample-1\nbid = 1.20000\nask = 1.20010\n");
        Path jar = base.resolve("deploy/multibroker-sample-adapter.jar");
        Files.copy(Path.of(System.getProperty("multibroker.sample.jar")), jar, StandardCopyOption.REPLACE_EXISTING);

        await("sample type registered").atMost(WAIT).until(() -> registry.type("sample").isPresent());
        awaitUp("sample-1");
        String output = execute("broker:order sample-1 EUR_USD sell 5", "admin", "viewer");
        assertTrue(output, output.contains("FILLED") && output.contains("1.20000"));

        Files.delete(jar);
        await("sample type gone").atMost(WAIT).until(() -> registry.type("sample").isEmpty());
        await("sample account gone").atMost(WAIT).until(() -> registry.account("sample-1").isEmpty());
        Files.delete(config);
    }
}
