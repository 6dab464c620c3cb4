package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The handle asks the pre-trade gate before anything else: a refusal is REJECTED with the gate's error, counted in the
 * metrics and by the observer (broker:errors), journalled, and never reaches the adapter; an order that passes is told
 * back to the gate with its answer.
 */
class MeteredRiskCheckTest {

    private final FakeAdapter adapter = new FakeAdapter("risky");
    private final RecordingJournal journal = new RecordingJournal();
    private final List<ErrorDetail> observed = new CopyOnWriteArrayList<>();
    private final Gate gate = new Gate();
    private final MeteredBrokerAdapter handle = new MeteredBrokerAdapter(adapter, () -> true,
            (operation, error) -> {
                if (error != null) {
                    observed.add(error);
                }
            }, () -> journal, ForkJoinPool.commonPool(), () -> gate);
    private final UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId("c-1").build();

    @Test
    void aRefusedOrderIsRejectedCountedJournalledAndNeverSent() throws Exception {
        gate.refusal = Optional.of(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "max.order.units of global is 5 units; the order's units are 10"));
        OrderResult result = handle.placeOrder(order, "explicit").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, result.error().code());
        assertEquals("risky", result.error().context().accountId());
        assertEquals("c-1", result.error().context().clientOrderId());
        assertEquals(0, adapter.placed.get(), "never sent");
        assertEquals(List.of(ErrorCode.RISK_LIMIT_EXCEEDED), observed.stream().map(ErrorDetail::code).toList());
        assertEquals(1L, handle.metrics(Instant.EPOCH).operations().get("placeOrder").errors().get(ErrorCode.RISK_LIMIT_EXCEEDED));
        // journalled as refused here, which the journal keeps apart from an order the broker has and it did not (adopted)
        assertEquals(List.of("answer " + OrderJournal.REFUSED_BEFORE_SENDING + " c-1 REJECTED"), journal.calls);
        assertEquals(0, gate.answered.size(), "a refused order counts nothing");
    }

    @Test
    void aPassingOrderIsSentAndItsAnswerToldToTheGate() throws Exception {
        OrderResult result = handle.placeOrder(order, "explicit").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, adapter.placed.get());
        assertEquals(List.of(result), gate.answered);
    }

    @Test
    void aGateThatFailsRefusesTheOrder() throws Exception {
        gate.failure = new IllegalStateException("bug");
        OrderResult result = handle.placeOrder(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertEquals(0, adapter.placed.get());
    }

    @Test
    void aRiskLayerThatIsInstalledButCannotBeGotRefusesEveryOrderAndHaltsReplaces() throws Exception {
        MeteredBrokerAdapter unreachable = new MeteredBrokerAdapter(adapter, () -> true, (operation, error) -> { }, () -> journal,
                ForkJoinPool.commonPool(), () -> RefusingGate.UNREACHABLE);
        OrderResult result = unreachable.placeOrder(order).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(OrderStatus.REJECTED, result.status());
        assertTrue(result.error().message().contains("not available"), result.error().message());
        assertEquals(0, adapter.placed.get(), "never sent unchecked");
        assertEquals(TradingState.HALTED, RefusingGate.UNREACHABLE.state("risky"));
    }

    private static final class Gate implements PreTradeCheck {
        volatile Optional<ErrorDetail> refusal = Optional.empty();
        volatile RuntimeException failure;
        final List<OrderResult> answered = new CopyOnWriteArrayList<>();

        @Override
        public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) {
            if (failure != null) {
                throw failure;
            }
            return refusal;
        }

        @Override
        public void answered(String accountId, UnifiedOrder order, OrderResult result) {
            answered.add(result);
        }

        @Override

        public Optional<ErrorDetail> replaceRefusal(String accountId, UnifiedOrder asReplaced) {

            return Optional.empty();

        }


        @Override
        public Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order) {
            return Optional.empty();
        }

        @Override
        public TradingState state(String accountId) {
            return TradingState.ACTIVE;
        }
    }
}
