package io.multibroker.registry;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderReplacement;
import io.multibroker.api.model.OrderResult;
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
 * Whether the trading state lets a replace go. ACTIVE: it goes. HALTED: none goes, since a replace can enlarge an
 * order (cancels and closes still go). REDUCING: a replace is an order, and it may not enlarge what the account holds
 * or has asked for: one that keeps the units, or asks no more than the order has left to fill, passes (a working order
 * made smaller or repriced adds nothing); one that asks more passes only if the order as replaced would itself pass as
 * a new order now, that is reduce the position (the risk layer's own judgement: the opposite side, no more units than
 * held). The order's instrument, side and units are the broker's ({@code getOrder}): an order that cannot be read is
 * not replaced, and a gate that fails refuses, since the last line of defence fails closed.
 */
final class ReplaceGate {

    private static final Logger LOG = LoggerFactory.getLogger(ReplaceGate.class);

    private final String accountId;
    /** The broker's view of an order, as the handle reads it (timed and counted). */
    private final Function<String, CompletionStage<OrderResult>> getOrder;

    ReplaceGate(String accountId, Function<String, CompletionStage<OrderResult>> getOrder) {
        this.accountId = accountId;
        this.getOrder = getOrder;
    }

    /** Why the trading state keeps the replace from being sent, or empty. */
    CompletionStage<Optional<ErrorDetail>> refusal(PreTradeCheck gate, String brokerOrderId, OrderReplacement replacement) {
        TradingState state;
        try {
            state = gate.state(accountId);
        } catch (RuntimeException e) {
            LOG.error("replace of {} at {} not sent: the pre-trade check failed", brokerOrderId, accountId, e);
            return CompletableFuture.completedFuture(Optional.of(ErrorDetail.of(ErrorCode.UNKNOWN_ERROR,
                    "replace not sent: the pre-trade risk check failed (" + e + ")")));
        }
        if (state == TradingState.ACTIVE || (state == TradingState.REDUCING && replacement.units() == null)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        if (state == TradingState.HALTED) {
            return CompletableFuture.completedFuture(Optional.of(gate instanceof RefusingGate refusing ? refusing.refusal()
                    : ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "replace not sent: the trading state of account " + accountId
                    + " is HALTED")));
        }
        return getOrder.apply(brokerOrderId).handle((original, failure) -> {
            if (failure != null) {
                return Optional.of(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED, "replace not sent: account " + accountId
                        + " is REDUCING and order " + brokerOrderId + " could not be read to judge whether the replace enlarges it ("
                        + Threads.unwrap(failure) + ")"));
            }
            BigDecimal left = leftToFill(original);
            if (left != null && replacement.units().compareTo(left) <= 0) {
                return Optional.empty();
            }
            try {
                // only the instrument, the side and the units count for the trading state's judgement
                UnifiedOrder replacing = UnifiedOrder.market(original.instrument(), original.side(), replacement.units())
                        .clientOrderId(replacement.clientOrderId()).build();
                return gate.stateRefusal(accountId, replacing).map(refusal -> ErrorDetail.of(refusal.code(), "replace of "
                        + brokerOrderId + " (" + original.side() + " " + original.instrument() + ", " + plain(left) + " left to fill) to "
                        + replacement.units().toPlainString() + " units not sent: " + refusal.message()));
            } catch (RuntimeException e) {
                LOG.error("replace of {} at {} not sent: the pre-trade check failed", brokerOrderId, accountId, e);
                return Optional.of(ErrorDetail.of(ErrorCode.UNKNOWN_ERROR, "replace not sent: the pre-trade risk check failed (" + e + ")"));
            }
        });
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
