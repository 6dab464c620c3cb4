package io.multibroker.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.risk.HaltReport;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A halt that cancels the open orders names as cancelled only what the broker answered cancelled, and lists the open orders
 * again for what appeared meanwhile: the replacement made by a replace in flight, whose cancel answers the order it replaced
 * REPLACED. It named every order whose cancel did not fail "cancelled" (a fill, a replacement) and left the replacement open.
 */
class KillSwitchCancelTest {

    /** What the report says after one order was answered REPLACED. */
    private static final String REPLACED_ONE = "acc: 1 order(s) were replaced before their cancel reached the broker; the orders "
            + "listed open afterwards were cancelled: look at broker:orders --account acc to be sure nothing that replaced them is open";

    @TempDir
    Path directory;

    /** The open-order listings the broker gives, one per call; empty once they run out. */
    private final Deque<List<OrderResult>> listings = new ArrayDeque<>();
    private final List<String> cancelsAsked = new CopyOnWriteArrayList<>();

    private static OrderResult order(String id, OrderStatus status, String reason, String filled) {
        return new OrderResult("acc", "c-" + id, id, null, "EUR_USD", OrderSide.BUY, OrderType.LIMIT, status, BigDecimal.TEN,
                new BigDecimal(filled), "0".equals(filled) ? null : new BigDecimal("1.08"), Instant.EPOCH, Instant.EPOCH, reason, null);
    }

    private static OrderResult resting(String id) {
        return order(id, OrderStatus.ACCEPTED, null, "0");
    }

    private HaltReport halt(Function<String, OrderResult> cancelAnswer) throws Exception {
        BrokerAdapter adapter = (BrokerAdapter) Proxy.newProxyInstance(BrokerAdapter.class.getClassLoader(), new Class<?>[] {BrokerAdapter.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "openOrders" -> CompletableFuture.completedFuture(listings.isEmpty() ? List.of() : listings.poll());
                    case "cancelOrder" -> {
                        cancelsAsked.add((String) args[0]);
                        try {
                            yield CompletableFuture.completedFuture(cancelAnswer.apply((String) args[0]));
                        } catch (StandardBrokerError refused) {
                            yield CompletableFuture.failedFuture(refused);
                        }
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        BrokerCapabilities capabilities = new BrokerCapabilities(Set.of(BrokerCapability.OPEN_ORDERS), Map.of(), Map.of());
        BrokerAccount account = (BrokerAccount) Proxy.newProxyInstance(BrokerAccount.class.getClassLoader(), new Class<?>[] {BrokerAccount.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "accountId" -> "acc";
                    case "adapter" -> adapter;
                    case "capabilities" -> capabilities;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        BrokerRegistry registry = new EmptyRegistry() {
            @Override
            public Optional<BrokerAccount> account(String accountId) {
                return Optional.of(account);
            }
        };
        KillSwitch killSwitch = new KillSwitch(registry, new TradingStates(directory, Clock.systemUTC(), (id, from, next) -> { }));
        return killSwitch.halt("acc", "test", "alice", true, false).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void onlyWhatTheBrokerAnsweredCancelledIsCancelledAndAReplacementThatAppearedIsCancelledToo() throws Exception {
        listings.add(List.of(resting("1"), resting("3"), resting("4")));
        // the replace of 1 in flight made 2; 4, asked already, is listed again and not asked twice
        listings.add(List.of(resting("2"), resting("4")));
        HaltReport report = halt(id -> switch (id) {
            case "1" -> order("1", OrderStatus.CANCELLED, OrderResult.REPLACED, "0");
            case "3" -> order("3", OrderStatus.FILLED, null, "10");
            default -> order(id, OrderStatus.CANCELLED, "CLIENT_REQUEST", "0");
        });
        assertEquals(List.of("1", "3", "4", "2"), sortedWithinPasses(cancelsAsked), "each open order asked once, the replacement too");
        assertEquals(Set.of("acc 4 (EUR_USD)", "acc 2 (EUR_USD)"), Set.copyOf(report.cancelled()), report.toString());
        assertEquals(List.of("acc 3 (EUR_USD) was not cancelled: the broker answered it FILLED with 10 filled", REPLACED_ONE),
                report.failures(), "the replaced order is not named cancelled; the operator is told where to look");
    }

    /**
     * A replacement the broker lists only a moment later (Alpaca replaces asynchronously), and a cancel the broker throttles
     * once: the sweep lists again after a pause and cancels both.
     */
    @Test
    void aReplacementListedLateAndACancelThrottledOnceAreCancelledInALaterPass() throws Exception {
        listings.add(List.of(resting("1"), resting("5")));
        listings.add(List.of(resting("5")));
        listings.add(List.of(resting("2"), resting("5")));
        Set<String> throttled = ConcurrentHashMap.newKeySet();
        HaltReport report = halt(id -> {
            if (id.equals("5") && throttled.add(id)) {
                throw new StandardBrokerError(ErrorCode.RATE_LIMITED, "too many requests");
            }
            return id.equals("1") ? order("1", OrderStatus.CANCELLED, OrderResult.REPLACED, "0") : order(id, OrderStatus.CANCELLED, "CLIENT_REQUEST", "0");
        });
        assertEquals(Set.of("acc 5 (EUR_USD)", "acc 2 (EUR_USD)"), Set.copyOf(report.cancelled()), report.toString());
        assertEquals(List.of(REPLACED_ONE), report.failures());
    }

    /** A cancel that got no answer, for an order no longer listed afterwards: it may have filled, and the report says so. */
    @Test
    void aCancelWithoutAnAnswerWhoseOrderIsGoneIsNamed() throws Exception {
        listings.add(List.of(resting("6")));
        HaltReport report = halt(id -> {
            throw new StandardBrokerError(ErrorCode.TIMEOUT, "no answer within 10 s");
        });
        assertEquals(List.of(), report.cancelled());
        assertEquals(1, report.failures().size(), report.toString());
        assertTrue(report.failures().get(0).startsWith("acc: the cancel of 6 was not confirmed (TIMEOUT: no answer within 10 s) and the order is no "
                + "longer listed open: it may have filled"), report.toString());
    }

    /** A replacement that never shows among the open orders is said, not passed over. */
    @Test
    void aReplacementNeverListedIsNamedForTheOperator() throws Exception {
        listings.add(List.of(resting("1")));
        HaltReport report = halt(id -> order("1", OrderStatus.CANCELLED, OrderResult.REPLACED, "0"));
        assertEquals(List.of(), report.cancelled());
        assertEquals(List.of(REPLACED_ONE), report.failures());
        assertEquals(List.of("1"), cancelsAsked, "listed again after a pause, nothing more to cancel");
    }

    @Test
    void ordersStillAppearingAfterTheLastPassAreNamedForTheOperator() throws Exception {
        for (int i = 1; i <= OpenOrderSweep.PASSES + 1; i++) {
            listings.add(List.of(resting("n" + i)));
        }
        HaltReport report = halt(id -> order(id, OrderStatus.CANCELLED, "CLIENT_REQUEST", "0"));
        assertEquals(OpenOrderSweep.PASSES, cancelsAsked.size(), cancelsAsked.toString());
        assertTrue(report.failures().contains("acc: still open after " + OpenOrderSweep.PASSES + " rounds of cancels: [n"
                + (OpenOrderSweep.PASSES + 1) + "]: cancel them at the broker"), report.toString());
    }

    /** The cancels of one pass run at once: their order within a pass is not the test's concern. */
    private static List<String> sortedWithinPasses(List<String> asked) {
        List<String> first = asked.subList(0, 3).stream().sorted().toList();
        return Stream.concat(first.stream(), asked.subList(3, asked.size()).stream()).toList();
    }
}
