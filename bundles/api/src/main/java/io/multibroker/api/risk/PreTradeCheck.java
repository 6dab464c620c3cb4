package io.multibroker.api.risk;

import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The last line of defence before a broker: the registry's handle asks it about every order, whichever way the order
 * came (the router or the account's handle directly), before anything is sent. An optional service: a runtime without
 * it sends orders unchecked.
 *
 * <p>{@link #check} is on every order's path: an implementation answers a passing order without allocating, in well
 * under a microsecond.
 */
@ProviderType
public interface PreTradeCheck {

    /**
     * Why the order must not be sent to the account ({@code RISK_LIMIT_EXCEEDED} naming the limit, its value and the
     * order's), or empty when it may. An order that passes counts against the account's usage (order rate, open orders,
     * position) from now on: the caller must report its answer to {@link #answered}, whatever it is.
     */
    Optional<ErrorDetail> check(String accountId, UnifiedOrder order);

    /** The answer to an order that passed {@link #check} (filled, accepted, rejected, unknown, or failed). */
    void answered(String accountId, UnifiedOrder order, OrderResult result);

    /**
     * Why a replace must not be sent: the order it would make ({@code asReplaced}: the order's instrument, side and type,
     * the replacement's units and price, or the order's where the replacement keeps them), judged as if placed now
     * against the per-order limits (units, notional, the price collar) and the position limits, and refused while the
     * account is HALTED; or empty. Nothing is counted: the order was counted when it was placed, and a replace adds none.
     * REDUCING is the caller's to judge, as only it knows what the order had left to fill.
     */
    Optional<ErrorDetail> replaceRefusal(String accountId, UnifiedOrder asReplaced);

    /**
     * Why the account's trading state does not let the order through (HALTED; REDUCING and the order does not reduce the
     * position), or empty: no usage is counted. Routing asks this to pass over an account that would refuse.
     */
    Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order);

    /** The state in force for the account: the stricter of its own and the global one. */
    TradingState state(String accountId);
}
