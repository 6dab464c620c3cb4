package io.multibroker.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The broker order id of an order named by either id: the broker's own id first, the journal's client order id only when
 * the broker says it has no order by it. A broker that fails to answer must not send the look-up to the journal, whose
 * order by that client order id may be another order than the one the broker has by that id.
 */
class OrderIdsTest {

    private final List<String> journalAsked = new CopyOnWriteArrayList<>();

    /** The journal has order b-9 under the client order id "7". */
    private final OrderJournal journal = (OrderJournal) Proxy.newProxyInstance(OrderJournal.class.getClassLoader(),
            new Class<?>[] {OrderJournal.class}, (proxy, method, args) -> {
                if (!method.getName().equals("orderByClientId")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                journalAsked.add((String) args[1]);
                return "7".equals(args[1]) ? Optional.of(new JournalOrder("acc", "7", "b-9", "EUR_USD", OrderSide.BUY, OrderType.LIMIT,
                        OrderStatus.ACCEPTED, BigDecimal.ONE, BigDecimal.ZERO, null, BigDecimal.ONE, "direct", null, null, false, false, null,
                        Instant.EPOCH, Instant.EPOCH)) : Optional.empty();
            });

    private static BrokerAdapter answering(Function<String, CompletableFuture<OrderResult>> getOrder) {
        return (BrokerAdapter) Proxy.newProxyInstance(BrokerAdapter.class.getClassLoader(), new Class<?>[] {BrokerAdapter.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getOrder")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return getOrder.apply((String) args[0]);
                });
    }

    private static CompletableFuture<OrderResult> failing(ErrorCode code) {
        return CompletableFuture.failedFuture(new StandardBrokerError(code, "the broker says " + code));
    }

    private String resolve(BrokerAdapter adapter, String id) throws InterruptedException {
        return OrderIds.brokerOrderId(adapter, Optional.of(journal), "acc", id, Duration.ofMillis(200));
    }

    @Test
    void anIdTheBrokerHasAnOrderByIsThatOrderWhateverTheJournalHasUnderIt() throws Exception {
        OrderResult order = new OrderResult("acc", "c", "7", null, "EUR_USD", OrderSide.BUY, OrderType.LIMIT, OrderStatus.ACCEPTED,
                BigDecimal.ONE, BigDecimal.ZERO, null, Instant.EPOCH, Instant.EPOCH, null, null);
        assertEquals("7", resolve(answering(id -> CompletableFuture.completedFuture(order)), "7"));
        assertEquals(List.of(), journalAsked);
    }

    @Test
    void anIdTheBrokerHasNoOrderByIsTheJournalsClientOrderId() throws Exception {
        assertEquals("b-9", resolve(answering(id -> failing(ErrorCode.ORDER_NOT_FOUND)), "7"));
        assertEquals("nothing-known", resolve(answering(id -> failing(ErrorCode.ORDER_NOT_FOUND)), "nothing-known"));
        assertEquals("b-9", resolve(answering(id -> failing(ErrorCode.UNSUPPORTED_OPERATION)), "7"));
    }

    @Test
    void aBrokerThatDoesNotAnswerLeavesTheIdUnresolvedAndSaysSo() {
        StandardBrokerError down = assertThrows(StandardBrokerError.class,
                () -> resolve(answering(id -> failing(ErrorCode.BROKER_UNAVAILABLE)), "7"));
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, down.code());
        StandardBrokerError slow = assertThrows(StandardBrokerError.class, () -> resolve(answering(id -> new CompletableFuture<>()), "7"));
        assertEquals(ErrorCode.TIMEOUT, slow.code());
        assertEquals(List.of(), journalAsked, "the journal was not asked");
    }
}
