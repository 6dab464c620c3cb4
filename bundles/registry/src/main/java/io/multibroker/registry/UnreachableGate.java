package io.multibroker.registry;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import java.util.Optional;

/**
 * Stands in for a risk layer that is installed but that the framework could not give (it failed to activate): every order
 * is refused and every account counts as halted, because the last line of defence fails closed rather than letting
 * orders through unchecked.
 */
final class UnreachableGate implements PreTradeCheck {

    static final UnreachableGate INSTANCE = new UnreachableGate();

    private static final ErrorDetail REFUSAL = ErrorDetail.of(ErrorCode.UNKNOWN_ERROR,
            "order not sent: the pre-trade risk check is installed but not available (see the log for why it did not start)");

    private UnreachableGate() {
    }

    @Override
    public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) {
        return Optional.of(REFUSAL);
    }

    @Override
    public void answered(String accountId, UnifiedOrder order, OrderResult result) {
        // no order passed this gate
    }

    @Override
    public Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order) {
        return Optional.of(REFUSAL);
    }

    @Override
    public TradingState state(String accountId) {
        return TradingState.HALTED;
    }
}
