package io.multibroker.registry;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import io.multibroker.api.support.Threads;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a replace may go. HALTED: none goes, since a replace can enlarge an order (cancels and closes still go). Nor
 * does any where another runtime drives the account. A replace that changes neither units nor price (a new time in
 * force, expiry, stop loss or take profit) makes no order the limits judge differently, and goes. One that does is an
 * order: it is judged as the order it would make, as if placed now, against the per-order limits (units, notional, the price collar) and the position limits, from the order's
 * instrument, side and units left to fill as the broker says ({@code getOrder}) and the replacement's units and price.
 * REDUCING adds the trading state's judgement: one that keeps the units, or asks no more than the order has left to
 * fill, passes it (a working order made smaller or repriced adds nothing); one that asks more passes only if the order
 * as replaced would itself reduce the position (the opposite side, no more units than held). An order that cannot be
 * read is not replaced, and a gate that fails refuses, since the last line of defence fails closed.
 */
final class ReplaceGate {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaceGate.class);

    private final String accountId;
    /** The broker's view of an order, as the handle reads it (timed and counted). */
    private final Function<String, CompletionStage<OrderResult>> getOrder;
    /** The price an order was sent with, by broker order id, where the journal knows it (the broker's view lacks it). */
    private final Function<String, Optional<BigDecimal>> sentPrice;

    ReplaceGate(String accountId, Function<String, CompletionStage<OrderResult>> getOrder,
            Function<String, Optional<BigDecimal>> sentPrice) {
        this.accountId = accountId;
        this.getOrder = getOrder;
        this.sentPrice = sentPrice;
    }

    /** Why the risk layer keeps the replace from being sent, or empty. */
    CompletionStage<Optional<ErrorDetail>> refusal(PreTradeCheck gate, String brokerOrderId, OrderReplacement replacement) {
        TradingState state;
        try {
            state = gate.state(accountId);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Optional.of(failed(brokerOrderId, e)));
        }
        if (state == TradingState.HALTED) {
            return CompletableFuture.completedFuture(Optional.of(gate instanceof RefusingGate refusing ? refusing.refusal()
                    : ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "replace not sent: the trading state of account " + accountId
                    + " is HALTED")));
        }
        // every replace is a replacing order: only the runtime driving the account sends it, whatever it changes and before
        // the broker is asked anything about the order (the journal's fence would refuse some intents, naming no owner)
        Optional<ErrorDetail> notOwned = gate instanceof OwnershipGate owners ? owners.notDrivenHere(accountId) : Optional.empty();
        if (notOwned.isPresent()) {
            return CompletableFuture.completedFuture(notOwned.map(refused -> ErrorDetail.of(refused.code(),
                    "replace of " + brokerOrderId + " not sent: " + refused.message())));
        }
        if (replacement.units() == null && replacement.price() == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return getOrder.apply(brokerOrderId).handle((original, failure) -> {
            if (failure != null) {
                return Optional.of(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "replace not sent: order " + brokerOrderId + " at account "
                        + accountId + " could not be read to judge the order the replace would make against the risk limits ("
                        + Threads.unwrap(failure) + ")"));
            }
            BigDecimal left = leftToFill(original);
            BigDecimal units = replacement.units() != null ? replacement.units() : left;
            String what = "replace of " + brokerOrderId + " (" + original.side() + " " + original.instrument() + ", " + plain(left)
                    + " left to fill) to " + plain(units) + " units" + (replacement.price() == null ? "" : " at "
                    + replacement.price().toPlainString()) + " not sent: ";
            if (units == null) {
                return Optional.of(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, what + "the broker did not say the order's units, so "
                        + "the order it would make cannot be judged against the risk limits"));
            }
            if (units.signum() <= 0) {
                // nothing left to fill and no new units: the replace makes no order, and the broker answers it
                return Optional.empty();
            }
            try {
                // at its price (the new one, or the one it rests at) for the notional and the collar; a market order, or one
                // whose price nobody recorded, at the market's
                BigDecimal price = replacement.price() != null ? replacement.price()
                        : original.type() == OrderType.MARKET ? null : sentPrice.apply(brokerOrderId).orElse(null);
                UnifiedOrder asReplaced = (price == null
                        ? UnifiedOrder.market(original.instrument(), original.side(), units)
                        : UnifiedOrder.builder(original.instrument(), OrderType.LIMIT, original.side(), units).price(price))
                        .clientOrderId(replacement.clientOrderId()).build();
                Optional<ErrorDetail> refusal = gate.replaceRefusal(accountId, asReplaced);
                // the trading state is asked again here, not taken from before the read: it may have changed meanwhile
                // (an ACTIVE account's state refuses nothing)
                if (refusal.isEmpty() && replacement.units() != null && (left == null || replacement.units().compareTo(left) > 0)) {
                    // only the instrument, the side and the units count for the trading state's judgement
                    refusal = gate.stateRefusal(accountId, UnifiedOrder.market(original.instrument(), original.side(), units)
                            .clientOrderId(replacement.clientOrderId()).build());
                }
                return refusal.map(refused -> ErrorDetail.of(refused.code(), what + refused.message()));
            } catch (RuntimeException e) {
                return Optional.of(failed(brokerOrderId, e));
            }
        });
    }

    private ErrorDetail failed(String brokerOrderId, RuntimeException e) {
        LOG.error("replace of {} at {} not sent: the pre-trade check failed", brokerOrderId, accountId, e);
        return ErrorDetail.of(ErrorCode.UNKNOWN_ERROR, "replace not sent: the pre-trade risk check failed (" + e + ")");
    }

    /** The units an order has left to fill (requested less filled), or null when the broker did not say. */
    private static BigDecimal leftToFill(OrderResult order) {
        if (order.requestedUnits() == null) {
            return null;
        }
        return order.filledUnits() == null ? order.requestedUnits() : order.requestedUnits().subtract(order.filledUnits());
    }

    private static String plain(BigDecimal value) {
        return value == null ? "unknown" : value.toPlainString();
    }
}
