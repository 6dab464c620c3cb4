package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.HealthStatus;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderEventKind;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import javax.inject.Inject;
import org.awaitility.core.ConditionTimeoutException;
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
 * Issue 15's hot deploy: the shipped assembly has no Alpaca bundle; its JAR alone, copied into {@code deploy/}, brings the
 * {@code alpaca} type; an account on the stand-in places and cancels orders, streams order events and prices, and shares an
 * experiment on AAPL with a paper account that fills at its prices; then the JAR is deleted while orders are in flight, and
 * every one of them ends FILLED, CANCELLED, REJECTED or UNKNOWN in the order journal, none silently.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AlpacaHotDeployIT extends MultibrokerTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<OrderStatus> ENDED = EnumSet.of(OrderStatus.FILLED, OrderStatus.CANCELLED, OrderStatus.REJECTED,
            OrderStatus.UNKNOWN);
    private static final int IN_FLIGHT = 6;

    @Inject
    private BrokerRegistry registry;

    @Inject
    private BundleContext bundleContext;

    private final ObjectMapper json = new ObjectMapper();

    @Configuration
    public Option[] config() {
        AlpacaStandIns.ensureStarted();
        return OptionUtils.combine(assembly(), systemProperty("multibroker.alpaca.jar").value(System.getProperty("multibroker.alpaca.jar")));
    }

    private void awaitUp(String account) {
        await("account " + account + " UP").atMost(WAIT).until(() -> registry.account(account)
                .map(a -> a.health().status() == HealthStatus.UP).orElse(false));
    }

    private String createAlpaca(String account, int port, int wsPort) throws Exception {
        return execute("broker:create alpaca " + account + " environment=custom rest.url=http://127.0.0.1:" + port
                + " stream.url=ws://127.0.0.1:" + wsPort + "/stream data.url=ws://127.0.0.1:" + wsPort + " symbols=AAPL,SPY,BTC_USD"
                + " '.key.id=$[secret:alpaca-itest-key]' '.secret.key=$[secret:alpaca-itest-secret]'", "admin");
    }

    @Test
    public void theAlpacaJarAloneBringsItsBrokerWhichTradesAndLeavesNoOrderUnaccountedFor() throws Exception {
        assertFalse("the assembly has no Alpaca bundle", Arrays.stream(bundleContext.getBundles())
                .map(Bundle::getSymbolicName).anyMatch("io.multibroker.alpaca"::equals));
        assertTrue(registry.type("alpaca").isEmpty());

        // the JAR and nothing else
        Path base = Path.of(System.getProperty("karaf.base"));
        Path jar = base.resolve("deploy/multibroker-alpaca.jar");
        Files.copy(Path.of(System.getProperty("multibroker.alpaca.jar")), jar, StandardCopyOption.REPLACE_EXISTING);
        await("alpaca type registered").atMost(WAIT).until(() -> registry.type("alpaca").isPresent());

        Path etc = Path.of(System.getProperty("karaf.etc"));
        Files.writeString(etc.resolve("alpaca-itest-key"), AlpacaStandIns.KEY);
        Files.writeString(etc.resolve("alpaca-itest-secret"), AlpacaStandIns.SECRET);
        createAlpaca("alpaca-itest", AlpacaStandIns.PORT, AlpacaStandIns.WS_PORT);
        awaitUp("alpaca-itest");
        assertTrue(registry.account("alpaca-itest").orElseThrow().capabilities().instruments().keySet()
                .containsAll(Set.of("AAPL", "SPY", "BTC_USD")));

        // orders, their events, and prices
        List<OrderEvent> events = new CopyOnWriteArrayList<>();
        registry.account("alpaca-itest").orElseThrow().adapter().orderEvents().subscribe(collector(events));
        JsonNode filled = json.readTree(execute("broker:order alpaca-itest AAPL buy 2 --tif IOC --client-id itest-alpaca-fill --json",
                "admin"));
        assertEquals(filled.toString(), "FILLED", filled.path("status").asText());
        JsonNode resting = json.readTree(execute("broker:order alpaca-itest AAPL buy 1 --type limit --price 100.00 --tif GTC"
                + " --client-id itest-alpaca-rest --json", "admin"));
        assertEquals(resting.toString(), "ACCEPTED", resting.path("status").asText());
        String cancelled = execute("broker:cancel alpaca-itest " + resting.path("brokerOrderId").asText(), "admin");
        assertTrue(cancelled, cancelled.contains("CANCELLED"));
        await("order events").atMost(WAIT).until(() -> kinds(events, "itest-alpaca-fill").contains(OrderEventKind.FILLED)
                && kinds(events, "itest-alpaca-rest").contains(OrderEventKind.CANCELLED));
        String prices = execute("broker:prices alpaca-itest AAPL BTC_USD --count 4", "viewer");
        assertTrue(prices, prices.contains("AAPL") && prices.contains("BTC_USD"));

        // a paper account on the same equity, filling at Alpaca's prices, and an experiment between the two on AAPL
        execute("broker:create paper paper-us asset.classes=us_equity,crypto instruments=AAPL,BTC_USD market.hours=always"
                + " latency.median.ms=5 price.source=alpaca-itest", "admin");
        awaitUp("paper-us");
        execute("abtest:create itest-aapl alpaca-itest=50 paper-us=50", "admin");
        await("experiment registered").atMost(WAIT).until(() -> execute("abtest:list", "viewer").contains("itest-aapl"));
        String run = execute("abtest:run itest-aapl --orders 24 --instrument AAPL --concurrency 4", "admin");
        Map<String, Integer> perArm = recorded("itest-aapl");
        // both arms took AAPL orders: the two accounts are compared on the same instrument
        assertTrue(run + perArm, perArm.getOrDefault("alpaca-itest", 0) > 0 && perArm.getOrDefault("paper-us", 0) > 0);
        execute("abtest:delete itest-aapl", "admin");

        // orders in flight on a second account (its stand-in answers slowly) when the JAR goes
        createAlpaca("alpaca-slow", AlpacaStandIns.SLOW_PORT, AlpacaStandIns.SLOW_WS_PORT);
        await("account alpaca-slow routable").atMost(WAIT).until(() -> registry.account("alpaca-slow")
                .map(a -> a.health().status().routable()).orElse(false));
        BrokerAdapter slow = registry.account("alpaca-slow").orElseThrow().adapter();
        List<CompletableFuture<OrderResult>> inFlight = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            inFlight.add(slow.placeOrder(UnifiedOrder.market("AAPL", OrderSide.BUY, BigDecimal.ONE).clientOrderId("itest-in-flight-" + i)
                    .build()).toCompletableFuture());
        }
        // each one's intent is in the journal: it has been sent, its answer is still on its way
        await("intents journalled").atMost(WAIT).until(() -> inFlightOrders().size() == IN_FLIGHT);
        assertTrue("answered before the JAR went", inFlight.stream().noneMatch(CompletableFuture::isDone));
        Files.delete(jar);
        await("alpaca type gone").atMost(WAIT).until(() -> registry.type("alpaca").isEmpty());
        await("alpaca accounts gone").atMost(WAIT).until(() -> registry.account("alpaca-itest").isEmpty()
                && registry.account("alpaca-slow").isEmpty());

        // none is lost: every call is answered, and the journal holds an end state for each
        await("every order in flight answered").atMost(WAIT).until(() -> inFlight.stream().allMatch(CompletableFuture::isDone));
        List<String> answers = inFlight.stream().map(answer -> answer.join().clientOrderId() + "=" + answer.join().status()).toList();
        try {
            await("every order in flight ended in the journal").atMost(WAIT).until(() -> inFlightOrders().values().stream()
                    .allMatch(order -> ENDED.contains(order.status())));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("answers " + answers + "; journal " + inFlightOrders().values().stream()
                    .map(order -> order.clientOrderId() + "=" + order.status() + " (" + order.reason() + ")").toList(), e);
        }
        Map<String, JournalOrder> ended = inFlightOrders();
        for (int i = 0; i < IN_FLIGHT; i++) {
            OrderResult answer = inFlight.get(i).join();
            JournalOrder journalled = ended.get("itest-in-flight-" + i);
            assertTrue(answer.toString(), ENDED.contains(answer.status()));
            assertEquals(journalled.toString(), answer.status(), journalled.status());
        }

        // the paper account that followed Alpaca's prices says its source is gone, and takes no market order
        await("paper-us degraded").atMost(WAIT).until(() -> registry.account("paper-us").map(a -> a.health().status() == HealthStatus.DEGRADED
                && a.health().reason().contains("alpaca-itest")).orElse(false));
        String refused;
        try {
            refused = execute("broker:order paper-us AAPL buy 1 --json", "admin");
        } catch (CommandFailed e) {
            refused = e.output + e.getMessage();
        }
        assertTrue(refused, refused.contains("BROKER_UNAVAILABLE"));
        execute("broker:remove paper-us", "admin");
    }

    /**
     * The order journal, once its bundle has registered it: looked up when needed rather than injected, since Pax Exam
     * gives up on an injected service after 10 s and the journal opens its H2 file first.
     */
    private OrderJournal journal() {
        await("order journal registered").atMost(WAIT).until(() -> bundleContext.getServiceReference(OrderJournal.class) != null);
        return bundleContext.getService(bundleContext.getServiceReference(OrderJournal.class));
    }

    /** The journal's record of each order sent while the JAR went, by client order id. */
    private Map<String, JournalOrder> inFlightOrders() {
        Map<String, JournalOrder> found = new HashMap<>();
        for (JournalOrder order : journal().orders(new JournalQuery("alpaca-slow", JournalQuery.Scope.ALL, null, 0))) {
            if (order.clientOrderId().startsWith("itest-in-flight-")) {
                found.put(order.clientOrderId(), order);
            }
        }
        return found;
    }

    private static Set<OrderEventKind> kinds(List<OrderEvent> events, String clientOrderId) {
        Set<OrderEventKind> kinds = EnumSet.noneOf(OrderEventKind.class);
        events.stream().filter(e -> clientOrderId.equals(e.clientOrderId())).forEach(e -> kinds.add(e.kind()));
        return kinds;
    }

    /** The orders an experiment recorded per arm (overrides apart), as {@code abtest:show --json} gives them. */
    private Map<String, Integer> recorded(String experiment) throws Exception {
        Map<String, Integer> perArm = new HashMap<>();
        for (JsonNode row : json.readTree(execute("abtest:show " + experiment + " --json", "viewer")).path("recorded")) {
            if (!row.path("arm").asText().equals("(all)") && row.path("orders").asInt() > 0) {
                perArm.put(row.path("arm").asText(), row.path("orders").asInt());
            }
        }
        return perArm;
    }

    private static <T> Flow.Subscriber<T> collector(List<T> into) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T item) {
                into.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        };
    }
}
