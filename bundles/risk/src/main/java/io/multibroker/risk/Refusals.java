package io.multibroker.risk;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;

/**
 * The words of the pre-trade checks' refusals: each names the limit, its scope and value and the order's value, or the
 * trading state with who set it and why. Built only for an order that is refused.
 */
final class Refusals {

    private final RiskBook book;

    Refusals(RiskBook book) {
        this.book = book;
    }

    ErrorDetail halted(AccountRisk account, UnifiedOrder order) {
        return refusal(ErrorCode.RISK_LIMIT_EXCEEDED, account.accountId, order, "trading state of "
                + (book.states.global().state() == TradingState.HALTED ? "the runtime (global)" : "account " + account.accountId)
                + " is HALTED (" + reasonOf(account) + "): no order passes");
    }

    /** Who set the trading state that decides for the account (the stricter of the global and its own), and why. */
    String reasonOf(AccountRisk account) {
        ScopeState global = book.states.global();
        ScopeState own = book.states.of(account.accountId);
        ScopeState deciding = global.state().ordinal() >= own.state().ordinal() ? global : own;
        return (deciding.by() == null ? "" : "by " + deciding.by() + ": ") + (deciding.reason() == null ? "no reason given" : deciding.reason());
    }

    static ErrorDetail over(String limit, String accountId, String instrument, BigDecimal value, String unit, String what,
            BigDecimal orderValue, AccountRisk account, UnifiedOrder order) {
        return refusal(ErrorCode.RISK_LIMIT_EXCEEDED, account.accountId, order, limit + " of " + scope(accountId, instrument) + " is "
                + value.toPlainString() + " " + unit + "; " + what + " " + orderValue.stripTrailingZeros().toPlainString());
    }

    static ErrorDetail count(String limit, String accountId, int value, int used, String what, AccountRisk account, UnifiedOrder order) {
        return refusal(ErrorCode.RISK_LIMIT_EXCEEDED, account.accountId, order, limit + " of " + scope(accountId, null)
                + " is " + value + "; " + what + ": " + used + ", this order would be " + (used + 1));
    }

    static ErrorDetail noPrice(String limit, AccountRisk account, UnifiedOrder order) {
        return refusal(ErrorCode.RISK_LIMIT_EXCEEDED, account.accountId, order, limit + " cannot be judged: no price for "
                + order.instrument() + " at " + account.accountId + " (no quote yet, and the order has no price or reference price)");
    }

    static ErrorDetail noConversion(String limit, AccountRisk account, UnifiedOrder order) {
        return refusal(ErrorCode.RISK_LIMIT_EXCEEDED, account.accountId, order, limit + " cannot be judged: no quote to convert "
                + order.instrument() + " into " + account.currency + " at " + account.accountId + " (following "
                + String.join(" or ", Valuation.crossPairs(account.currency, order.instrument())) + " now)");
    }

    static String scope(String accountId, String instrument) {
        return (accountId == null ? "global" : "account " + accountId) + (instrument == null ? "" : " for " + instrument);
    }

    static ErrorDetail refusal(ErrorCode code, String accountId, UnifiedOrder order, String message) {
        return new ErrorDetail(code, false, null, message, new ErrorContext(accountId, order.orderId(), order.clientOrderId(),
                order.instrument(), null));
    }
}
