package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A replace while the account is REDUCING: one that asks no more than the order has left to fill goes without asking the
 * gate; one that asks more is judged by the gate as the order it would become (the broker's instrument and side, the new
 * units), and is refused, counted and never sent when the gate says it would not reduce the position. The position's own
 * boundary (held units) is the risk layer's, tested in RiskEngineTest; here the gate plays an account long or short 100.
 */
class MeteredReplaceRiskTest {

    private final FakeAdapter adapter = new FakeAdapter("reducing");
    private final List<ErrorDetail> observed = new CopyOnWriteArrayList<>();
    private final PositionGate gate = new PositionGate();
    private final MeteredBrokerAdapter handle = new MeteredBrokerAdapter(adapter, () -> true, (operation, error) -> {
        if (error != null) {
            observed.add(error);
        }
    }, () -> null, ForkJoinPool.commonPool(), () -> gate);

    /** The broker's record of the order being replaced. */
    private void working(OrderSide side, String requested, String filled) {
        adapter.onGet = id -> CompletableFuture.completedFuture(new OrderResult("reducing", "c-" + id, id, null, "EUR_USD", side,
                OrderType.LIMIT, new BigDecimal(filled).signum() == 0 ? OrderStatus.ACCEPTED : OrderStatus.PARTIALLY_FILLED,
                new BigDecimal(requested), new BigDecimal(filled), null, Instant.now(), Instant.now(), null, null));
    }

    private OrderResult replace(String units) throws Exception {
        return handle.replaceOrder("b-1", new OrderReplacement(null, null, units == null ? null : new BigDecimal(units), null, null,
                null, units == null ? new BigDecimal("1.2") : null)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private StandardBrokerError refused(String units) {
        CompletionException failure = assertThrows(CompletionException.class, () -> handle.replaceOrder("b-1",
                new OrderReplacement(null, null, new BigDecimal(units), null, null, null, null)).toCompletableFuture().join());
        return assertInstanceOf(StandardBrokerError.class, failure.getCause());
    }

    @Test
    void aSellReplacedWhileLongPassesUpToThePositionAndIsRefusedJustBeyond() throws Exception {
        gate.state = TradingState.REDUCING;
        gate.net = new BigDecimal("100");
        working(OrderSide.SELL, "60", "0");
        // no more than is left to fill: the gate is not even asked
        assertEquals(OrderStatus.ACCEPTED, replace("60").status());
        assertEquals(List.of(), gate.asked);
        // more: judged as a sell of the new units, which reduces a long of 100 up to 100 units
        assertEquals(OrderStatus.ACCEPTED, replace("100").status());
        assertEquals(List.of("SELL EUR_USD 100"), gate.asked);
        StandardBrokerError error = refused("100.00001");
        assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, error.code());
        assertTrue(error.getMessage().contains("replace of b-1 (SELL EUR_USD, 60 left to fill) to 100.00001 units not sent"), error.getMessage());
        assertTrue(error.getMessage().contains("REDUCING"), error.getMessage());
        assertEquals("reducing", error.context().accountId());
        assertEquals(List.of("b-1 -> 60", "b-1 -> 100"), adapter.replaced, "the refused replace never reached the broker");
        assertEquals(1L, handle.metrics(Instant.EPOCH).operations().get("replaceOrder").errors().get(ErrorCode.RISK_LIMIT_EXCEEDED));
        assertEquals(List.of(ErrorCode.RISK_LIMIT_EXCEEDED), observed.stream().map(ErrorDetail::code).toList());
    }

    @Test
    void aBuyReplacedWhileShortPassesUpToThePositionAndIsRefusedJustBeyond() throws Exception {
        gate.state = TradingState.REDUCING;
        gate.net = new BigDecimal("-100");
        working(OrderSide.BUY, "40", "0");
        assertEquals(OrderStatus.ACCEPTED, replace("100").status());
        assertTrue(refused("100.00001").getMessage().contains("BUY EUR_USD"));
        assertEquals(List.of("b-1 -> 100"), adapter.replaced);
    }

    @Test
    void aBuyWhileLongMayShrinkToWhatIsLeftToFillButNotGrow() throws Exception {
        gate.state = TradingState.REDUCING;
        gate.net = new BigDecimal("100");
        // bought 80 of 100: 20 left; a replace is a new order for its units, so 20 is the most that adds nothing
        working(OrderSide.BUY, "100", "80");
        assertEquals(OrderStatus.ACCEPTED, replace("20").status());
        assertEquals(OrderStatus.ACCEPTED, replace("5").status());
        assertEquals(List.of(), gate.asked);
        StandardBrokerError error = refused("20.00001");
        assertTrue(error.getMessage().contains("20 left to fill"), error.getMessage());
        assertEquals(List.of("BUY EUR_USD 20.00001"), gate.asked);
        assertEquals(List.of("b-1 -> 20", "b-1 -> 5"), adapter.replaced);
    }

    @Test
    void aReplaceThatKeepsTheUnitsPassesWhileReducing() throws Exception {
        gate.state = TradingState.REDUCING;
        assertEquals(OrderStatus.ACCEPTED, replace(null).status());
        assertEquals(List.of(), gate.asked, "neither the gate nor the broker's record is needed");
    }

    @Test
    void anOrderThatCannotBeReadIsNotReplacedWhileReducing() {
        gate.state = TradingState.REDUCING;
        // the fake's getOrder throws by default
        StandardBrokerError error = refused("1");
        assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, error.code());
        assertTrue(error.getMessage().contains("could not be read"), error.getMessage());
        assertEquals(List.of(), adapter.replaced);
    }

    @Test
    void haltedRefusesEveryReplaceAndActivePassesEvery() throws Exception {
        gate.state = TradingState.HALTED;
        assertTrue(refused("1").getMessage().contains("is HALTED"));
        gate.state = TradingState.ACTIVE;
        working(OrderSide.BUY, "1", "0");
        assertEquals(OrderStatus.ACCEPTED, replace("1000").status());
        assertEquals(List.of(), gate.asked);
        assertEquals(List.of("b-1 -> 1000"), adapter.replaced);
    }

    /**
     * A replace while ACTIVE is an order too: the gate judges the order it would make (the broker's side and instrument,
     * the new units, or what is left to fill with the new price), so a small order cannot be replaced into a large one.
     */
    @Test
    void anActiveAccountsReplaceIsJudgedAsTheOrderItWouldMake() throws Exception {
        gate.maxUnits = new BigDecimal("1000");
        working(OrderSide.BUY, "900", "100");
        assertEquals(OrderStatus.ACCEPTED, replace("1000").status());
        StandardBrokerError error = refused("900000");
        assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, error.code());
        assertTrue(error.getMessage().contains("replace of b-1 (BUY EUR_USD, 800 left to fill) to 900000 units not sent"),
                error.getMessage());
        assertTrue(error.getMessage().contains("max.order.units"), error.getMessage());
        // a new price alone: the units left to fill at that price
        assertEquals(OrderStatus.ACCEPTED, handle.replaceOrder("b-1", new OrderReplacement(null, new BigDecimal("1.2"), null, null,
                null, null, null)).toCompletableFuture().get(5, TimeUnit.SECONDS).status());
        assertEquals(List.of("BUY EUR_USD 1000 MARKET", "BUY EUR_USD 900000 MARKET", "BUY EUR_USD 800 LIMIT 1.2"), gate.limitsAsked);
        assertEquals(2, adapter.replaced.size(), "the refused replace never reached the broker: " + adapter.replaced);
        assertEquals(List.of(), gate.asked, "ACTIVE: no trading state judgement");
    }

    /** A resting order enlarged by its units alone is valued at the price it rests at (the journal's), not the market's. */
    @Test
    void aReplaceOfTheUnitsAloneIsJudgedAtThePriceTheOrderRestsAt() throws Exception {
        ReplaceGate replaces = new ReplaceGate("reducing", id -> CompletableFuture.completedFuture(new OrderResult("reducing", "c-" + id, id,
                null, "EUR_USD", OrderSide.SELL, OrderType.LIMIT, OrderStatus.ACCEPTED, new BigDecimal("100"), BigDecimal.ZERO, null,
                Instant.now(), Instant.now(), null, null)), id -> Optional.of(new BigDecimal("1.25000")));
        Optional<ErrorDetail> refusal = replaces.refusal(gate, "b-9", new OrderReplacement(null, null, new BigDecimal("400"), null, null,
                null, null)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(refusal.isEmpty(), String.valueOf(refusal));
        assertEquals(List.of("SELL EUR_USD 400 LIMIT 1.25000"), gate.limitsAsked);
    }

    /**
     * The trading state is judged after the order is read, not before: an account that turned REDUCING meanwhile does not
     * let an enlarging replace through on the state it had.
     */
    @Test
    void anAccountThatTurnsReducingWhileTheOrderIsReadJudgesTheReplaceByItsStateThen() {
        adapter.onGet = id -> {
            gate.state = TradingState.REDUCING;
            return CompletableFuture.completedFuture(new OrderResult("reducing", "c-" + id, id, null, "EUR_USD", OrderSide.BUY,
                    OrderType.LIMIT, OrderStatus.ACCEPTED, new BigDecimal("100"), BigDecimal.ZERO, null, Instant.now(), Instant.now(), null,
                    null));
        };
        StandardBrokerError error = refused("500");
        assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, error.code());
        assertTrue(error.getMessage().contains("REDUCING"), error.getMessage());
        assertEquals(List.of(), adapter.replaced);
    }

    @Test
    void aReplaceWhoseOrderCannotBeReadIsNotSentWhileActive() {
        // the fake's getOrder throws by default
        StandardBrokerError error = refused("1");
        assertEquals(ErrorCode.RISK_LIMIT_EXCEEDED, error.code());
        assertTrue(error.getMessage().contains("could not be read"), error.getMessage());
        assertEquals(List.of(), adapter.replaced);
    }

    /** A gate in a given state, playing an account whose EUR_USD position is {@link #net} units. */
    private static final class PositionGate implements PreTradeCheck {
        volatile TradingState state = TradingState.ACTIVE;
        volatile BigDecimal net = BigDecimal.ZERO;
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile BigDecimal maxUnits = new BigDecimal("1000000");
        final List<String> limitsAsked = new CopyOnWriteArrayList<>();

        @Override
        public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) {
            return Optional.empty();
        }

        @Override
        public void answered(String accountId, UnifiedOrder order, OrderResult result) {
        }

        /** The order a replace would make, as the gate was asked about it, refused beyond {@link #maxUnits}. */
        @Override
        public Optional<ErrorDetail> replaceRefusal(String accountId, UnifiedOrder asReplaced) {
            limitsAsked.add(asReplaced.side() + " " + asReplaced.instrument() + " " + asReplaced.units().toPlainString() + " "
                    + asReplaced.type() + (asReplaced.price() == null ? "" : " " + asReplaced.price().toPlainString()));
            return asReplaced.units().compareTo(maxUnits) <= 0 ? Optional.empty()
                    : Optional.of(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "max.order.units of account " + accountId + " is "
                            + maxUnits.toPlainString() + "; the order's units are " + asReplaced.units().toPlainString()));
        }

        @Override
        public Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order) {
            if (state == TradingState.ACTIVE) {
                // as the risk layer: an ACTIVE account's state refuses nothing
                return Optional.empty();
            }
            asked.add(order.side() + " " + order.instrument() + " " + order.units().toPlainString());
            boolean opposite = net.signum() == -order.side().sign();
            return opposite && order.units().compareTo(net.abs()) <= 0 ? Optional.empty()
                    : Optional.of(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "trading state of account " + accountId
                            + " is REDUCING: only orders that reduce a position pass"));
        }

        @Override
        public TradingState state(String accountId) {
            return state;
        }
    }
}
