package io.multibroker.registry;

import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.risk.TradingState;
import java.util.Optional;

/**
 * Runtimes sharing a database: an order for an account another runtime drives (or that this one is still reconciling
 * after taking it over) is refused before anything else, naming the owner; the others go on to the risk layer, if any.
 * An ownership refusal counts nothing against the account's risk usage.
 */
final class OwnershipGate implements PreTradeCheck {

    private final AccountOwnership ownership;
    private final PreTradeCheck risk;

    /** @param risk the risk layer's gate, or null when orders go unchecked */
    OwnershipGate(AccountOwnership ownership, PreTradeCheck risk) {
        this.ownership = ownership;
        this.risk = risk;
    }

    @Override
    public Optional<ErrorDetail> check(String accountId, UnifiedOrder order) {
        Optional<ErrorDetail> refusal = ownership.refusal(accountId);
        return refusal.isPresent() || risk == null ? refusal : risk.check(accountId, order);
    }

    @Override
    public void answered(String accountId, UnifiedOrder order, OrderResult result) {
        if (risk != null) {
            risk.answered(accountId, order, result);
        }
    }

    /**
     * Why this runtime may not change the account's orders at all (another runtime drives it, or this one is still
     * reconciling it), whatever the change: also for a replace that makes no order the limits judge differently.
     */
    Optional<ErrorDetail> notDrivenHere(String accountId) {
        return ownership.refusal(accountId);
    }

    @Override
    public Optional<ErrorDetail> replaceRefusal(String accountId, UnifiedOrder asReplaced) {
        Optional<ErrorDetail> refusal = ownership.refusal(accountId);
        return refusal.isPresent() || risk == null ? refusal : risk.replaceRefusal(accountId, asReplaced);
    }

    @Override
    public Optional<ErrorDetail> stateRefusal(String accountId, UnifiedOrder order) {
        Optional<ErrorDetail> refusal = ownership.refusal(accountId);
        return refusal.isPresent() || risk == null ? refusal : risk.stateRefusal(accountId, order);
    }

    @Override
    public TradingState state(String accountId) {
        return risk == null ? TradingState.ACTIVE : risk.state(accountId);
    }
}
