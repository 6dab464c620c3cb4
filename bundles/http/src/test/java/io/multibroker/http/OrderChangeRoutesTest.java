package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalEntry;
import io.multibroker.api.journal.JournalEntryKind;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.routing.OrderRouter;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cancel and replace over HTTP. A replace sent again with its client order id is answered with the replacement it made,
 * and only that: an order the id names that is not this order's replacement is another order, answered 409 with nothing
 * sent (it was answered 200 as if it were the replacement). A cancel that finds the order replaced meanwhile is a 409,
 * not a 200 CANCELLED. The account's adapter has orders o-1, o-2, o-9 and 42; it records what it is asked to change.
 */
class OrderChangeRoutesTest {

    @TempDir
    Path dir;

    private Api api;
    private String trader;

    /** The journal's orders at account "acc": r-1 replaced o-1; other-1 is an order of its own. */
    private static Optional<JournalOrder> journalled(String account, String clientOrderId) {
        if (!"acc".equals(account)) {
            return Optional.empty();
        }
        return switch (clientOrderId) {
            case "r-1" -> Optional.of(order("r-1", "b-2", "o-1", null));
            case "other-1" -> Optional.of(order("other-1", "b-3", null, null));
            case "r-9" -> Optional.of(order("r-9", "b-4", "o-9", null));
            case "r-2" -> Optional.of(order("r-2", "b-5", "o-2", null));
            case "shared-7" -> Optional.of(order("shared-7", "b-6", null, null));
            default -> Optional.empty();
        };
    }

    /** What the journal recorded of the replace that made r-2: its request, whole. */
    private static final JournalEntry REPLACE_OF_O2 = new JournalEntry(7, "acc", "o-2", "o-2", JournalEntryKind.REPLACE_REQUESTED, null,
            null, null, null, null, null, null, null, "replace by r-2: " + new OrderReplacement("r-2", new BigDecimal("1.05"), null, null,
                    null, new BigDecimal("1.01"), null), Instant.EPOCH, Instant.EPOCH);

    private static JournalOrder order(String clientOrderId, String brokerOrderId, String replaces, String replacedBy) {
        return new JournalOrder("acc", clientOrderId, brokerOrderId, "EUR_USD", OrderSide.BUY, OrderType.LIMIT, OrderStatus.ACCEPTED,
                BigDecimal.TEN, BigDecimal.ZERO, null, new BigDecimal("1.05"), "direct", replaces, replacedBy, false, false, null,
                Instant.EPOCH, Instant.EPOCH);
    }

    /** The broker ids the adapter has orders by. */
    private static final Set<String> AT_BROKER = Set.of("o-1", "o-2", "o-9", "42", "shared-7", "b-2");

    /** What the adapter was asked to change: "cancel 42", "replace o-1". */
    private final List<String> changes = new CopyOnWriteArrayList<>();

    private final BrokerAdapter adapter = (BrokerAdapter) Proxy.newProxyInstance(BrokerAdapter.class.getClassLoader(),
            new Class<?>[] {BrokerAdapter.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getOrder" -> AT_BROKER.contains((String) args[0])
                        ? CompletableFuture.completedFuture(resting((String) args[0]))
                        : CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.ORDER_NOT_FOUND, "no order " + args[0]));
                case "cancelOrder" -> {
                    changes.add("cancel " + args[0]);
                    // the broker's answer when a replace reached it first: the order as it is, cancelled because replaced
                    yield CompletableFuture.completedFuture(resting((String) args[0]).withStatus(OrderStatus.CANCELLED, OrderResult.REPLACED,
                            Instant.EPOCH));
                }
                case "replaceOrder" -> {
                    changes.add("replace " + args[0]);
                    yield CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "not here"));
                }
                default -> method.invoke(Empty.of(BrokerAdapter.class), args);
            });

    private static OrderResult resting(String brokerOrderId) {
        return new OrderResult("acc", "c-" + brokerOrderId, brokerOrderId, null, "EUR_USD", OrderSide.BUY, OrderType.LIMIT,
                OrderStatus.ACCEPTED, BigDecimal.TEN, BigDecimal.ZERO, null, Instant.EPOCH, Instant.EPOCH, null, null);
    }

    private final BrokerAccount account = (BrokerAccount) Proxy.newProxyInstance(BrokerAccount.class.getClassLoader(),
            new Class<?>[] {BrokerAccount.class}, (proxy, method, args) -> "adapter".equals(method.getName()) ? adapter
                    : method.invoke(Empty.of(BrokerAccount.class), args));

    private final Services services = new Services() {
        @Override
        public BrokerRegistry registry() {
            BrokerRegistry empty = Empty.of(BrokerRegistry.class);
            return (BrokerRegistry) Proxy.newProxyInstance(BrokerRegistry.class.getClassLoader(), new Class<?>[] {BrokerRegistry.class},
                    (proxy, method, args) -> "requireAccount".equals(method.getName()) && "acc".equals(args[0]) ? account
                            : method.invoke(empty, args));
        }

        @Override
        public Optional<OrderRouter> router() {
            return Optional.empty();
        }

        @Override
        public Optional<ExperimentService> experiments() {
            return Optional.empty();
        }

        @Override
        public Optional<OrderJournal> journal() {
            OrderJournal empty = Empty.of(OrderJournal.class);
            return Optional.of((OrderJournal) Proxy.newProxyInstance(OrderJournal.class.getClassLoader(), new Class<?>[] {OrderJournal.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "orderByClientId" -> journalled((String) args[0], (String) args[1]);
                        // by either id, as the journal's order does
                        // 42 was replaced by 43, which was replaced by 44 in turn
                        case "order" -> !"acc".equals(args[0]) ? Optional.empty() : "42".equals(args[1]) ? Optional.of(order("c-42", "42", null, "43"))
                                : "43".equals(args[1]) ? Optional.of(order("c-43", "43", "42", "44")) : journalled((String) args[0], (String) args[1]);
                        case "history" -> "o-2".equals(args[1]) ? List.of(REPLACE_OF_O2) : List.of();
                        default -> method.invoke(empty, args);
                    }));
        }

        @Override
        public Optional<ConfigurationHistory> history() {
            return Optional.empty();
        }

        @Override
        public Optional<RiskControl> risk() {
            return Optional.empty();
        }
    };

    @BeforeEach
    void api() throws Exception {
        TokenStore tokens = new TokenStore(dir.resolve("tokens.json"), Clock.systemUTC());
        trader = tokens.create("bot", Role.TRADER);
        OrderEventHub hub = new OrderEventHub(100, Executors.newSingleThreadExecutor(), Clock.systemUTC());
        api = new Api(HttpApi.routeTable(services, tokens, hub, new StreamRoutes(services, hub, Executors.newSingleThreadExecutor())),
                tokens, Optional::empty);
    }

    private Api.Outcome replace(String order, String clientOrderId) {
        return replaceAt(order, clientOrderId, "1.05");
    }

    private Api.Outcome replaceAt(String order, String clientOrderId, String price) {
        return send(order, "{\"clientOrderId\":\"" + clientOrderId + "\",\"price\":\"" + price + "\"}");
    }

    private Api.Outcome send(String order, String body) {
        return api.dispatch("POST", "/accounts/acc/orders/" + order + "/replace", Map.of(), "Bearer " + trader, "application/json",
                body.getBytes(StandardCharsets.UTF_8), null, null);
    }

    @Test
    void theSameReplaceSentAgainIsAnsweredWithTheReplacementItMade() {
        Api.Outcome again = replace("o-1", "r-1");
        assertEquals(200, again.status(), String.valueOf(again.body()));
        assertEquals("true", again.headers().get("Idempotent-Replay"));
        assertEquals("b-2", ((OrderView) again.body()).brokerOrderId());

        // the same id with another price is another replace: refused, not answered with the first
        Api.Outcome repriced = replaceAt("o-1", "r-1", "1.07");
        assertEquals(409, repriced.status(), String.valueOf(repriced.body()));
        assertTrue(((Problem) repriced.body()).detail().contains("price 1.07 (the replacement's: 1.05)"), String.valueOf(repriced.body()));
        assertEquals(ApiException.DUPLICATE_CLIENT_ORDER_ID, ((Problem) repriced.body()).code());
        assertEquals(List.of(), changes, "nothing was sent");
    }

    /** Where the journal recorded what the replace asked, all of it is compared: a new stop loss is another replace. */
    @Test
    void theValuesTheJournalRecordedWithTheRequestAreComparedWhole() {
        assertEquals(200, send("o-2", "{\"clientOrderId\":\"r-2\",\"price\":\"1.05\",\"stopLoss\":\"1.01\"}").status());
        Api.Outcome otherStop = send("o-2", "{\"clientOrderId\":\"r-2\",\"price\":\"1.05\",\"stopLoss\":\"1.02\"}");
        assertEquals(409, otherStop.status(), String.valueOf(otherStop.body()));
        assertTrue(((Problem) otherStop.body()).detail().contains("stopLoss=1.02"), String.valueOf(otherStop.body()));
    }

    @Test
    void aClientOrderIdOfAnotherOrderIsAConflictAndNothingIsSent() {
        Api.Outcome unrelated = replace("o-1", "other-1");
        assertEquals(409, unrelated.status(), String.valueOf(unrelated.body()));
        Problem problem = (Problem) unrelated.body();
        assertTrue(problem.detail().contains("clientOrderId other-1 names order b-3 at account acc")
                && problem.detail().contains("not a replacement of o-1") && problem.detail().contains("nothing was sent"), problem.detail());

        Api.Outcome otherReplacement = replace("o-1", "r-9");
        assertEquals(409, otherReplacement.status(), String.valueOf(otherReplacement.body()));
        assertTrue(((Problem) otherReplacement.body()).detail().contains("the replacement of o-9"), String.valueOf(otherReplacement.body()));
        assertEquals(ApiException.DUPLICATE_CLIENT_ORDER_ID, ((Problem) otherReplacement.body()).code());
        assertEquals(List.of(), changes, "nothing was sent");
    }

    /**
     * A replace that reaches the broker between the route's look-up and its cancel: the broker answers the order as it is,
     * cancelled because replaced. It was a 200 with status CANCELLED, which a client reads as its cancel done while the
     * order that replaced it works on.
     */
    @Test
    void aCancelThatFindsTheOrderReplacedMeanwhileIsAConflictNamingWhatReplacedIt() {
        Api.Outcome cancel = api.dispatch("POST", "/accounts/acc/orders/42/cancel", Map.of(), "Bearer " + trader, null, null, null, null);
        assertEquals(409, cancel.status(), String.valueOf(cancel.body()));
        Problem problem = (Problem) cancel.body();
        assertEquals(ApiException.ORDER_NOT_RESTING, problem.code());
        // the working end of the chain of replaces, not the first replacement, which is replaced as well
        assertTrue(problem.detail().contains("order 42 of acc was replaced by order 44 (through 43)") && problem.detail().contains(
                "nothing was cancelled; to cancel what replaced it, cancel 44"), problem.detail());
        assertEquals(List.of("cancel 42"), changes);
    }

    /**
     * An id that is one order's broker order id and another's client order id names the broker's order, as in the shell:
     * the route took the journal's order by its client order id (b-6).
     */
    @Test
    void anIdTheBrokerHasAnOrderByNamesThatOrder() {
        api.dispatch("POST", "/accounts/acc/orders/shared-7/cancel", Map.of(), "Bearer " + trader, null, null, null, null);
        // a client order id alone names the journal's order by it
        api.dispatch("POST", "/accounts/acc/orders/r-1/cancel", Map.of(), "Bearer " + trader, null, null, null, null);
        assertEquals(List.of("cancel shared-7", "cancel b-2"), changes);
    }
}
