package io.multibroker.registry;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import java.util.Optional;

/**
 * Stands in for a risk layer that should be there and is not: every order is refused and every account counts as halted
 * (so replaces are refused too, while cancels and position closes, which only reduce risk, still go), because the last
 * line of defence fails closed rather than letting orders through unchecked.
 */
final class RefusingGate implements PreTradeCheck {

    /** The risk layer is installed but the framework could not give it (it failed to activate). */
    static final RefusingGate UNREACHABLE = new RefusingGate(ErrorDetail.of(ErrorCode.UNKNOWN_ERROR,
            "order not sent: the pre-trade risk check is installed but not available (see the log for why it did not start)"));

    /**
     * No risk layer is bound (its bundle stopped, restarting or uninstalled) while the registry's settings say orders need
     * one. A risk refusal (RISK_LIMIT_EXCEEDED): it says nothing about the broker, so it is no experiment outcome and does
     * not count against the account's health.
     */
    static final RefusingGate REQUIRED_BUT_MISSING = new RefusingGate(ErrorDetail.of(ErrorCode.RISK_LIMIT_EXCEEDED,
            "order not sent: no pre-trade risk check is running (the risk bundle io.multibroker.risk is stopped, restarting or not "
            + "installed) and " + RegistryConfig.REQUIRE_RISK_CHECK + " is true in etc/" + BrokerRegistryImpl.PID + ".cfg: start the "
            + "risk bundle (feature multibroker-risk), or set " + RegistryConfig.REQUIRE_RISK_CHECK
            + " = false in a runtime that is meant to trade without risk checks"));

    private final ErrorDetail refusal;

    private RefusingGate(ErrorDetail refusal) {
        this.refusal = refusal;
    }

    @Override
    public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) {
        return Optional.of(refusal);
    }

    @Override
    public void answered(String accountId, UnifiedOrder order, OrderResult result) {
        // no order passed this gate
    }

    @Override
    public Optional<ErrorDetail> replaceRefusal(String accountId, UnifiedOrder asReplaced) {
        return Optional.of(refusal);
    }

    @Override
    public Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order) {
        return Optional.of(refusal);
    }

    @Override
    public TradingState state(String accountId) {
        return TradingState.HALTED;
    }

    /** Why every order is refused. */
    ErrorDetail refusal() {
        return refusal;
    }
}
