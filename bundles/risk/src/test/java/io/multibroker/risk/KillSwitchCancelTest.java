package io.multibroker.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
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
                        yield CompletableFuture.completedFuture(cancelAnswer.apply((String) args[0]));
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
        assertTrue(report.failures().stream().anyMatch(f -> f.startsWith("acc 1 (EUR_USD) was replaced before its cancel")), report.toString());
        assertTrue(report.failures().contains("acc 3 (EUR_USD) was not cancelled: the broker answered it FILLED with 10 filled"),
                report.toString());
    }

    @Test
    void ordersStillAppearingAfterTheLastPassAreNamedForTheOperator() throws Exception {
        for (int i = 1; i <= KillSwitch.CANCEL_PASSES + 1; i++) {
            listings.add(List.of(resting("n" + i)));
        }
        HaltReport report = halt(id -> order(id, OrderStatus.CANCELLED, "CLIENT_REQUEST", "0"));
        assertEquals(KillSwitch.CANCEL_PASSES, cancelsAsked.size(), cancelsAsked.toString());
        assertTrue(report.failures().contains("acc: still open after " + KillSwitch.CANCEL_PASSES + " rounds of cancels: [n"
                + (KillSwitch.CANCEL_PASSES + 1) + "]: cancel them at the broker"), report.toString());
    }

    /** The cancels of one pass run at once: their order within a pass is not the test's concern. */
    private static List<String> sortedWithinPasses(List<String> asked) {
        List<String> first = asked.subList(0, 3).stream().sorted().toList();
        return Stream.concat(first.stream(), asked.subList(3, asked.size()).stream()).toList();
    }
}
