package io.multibroker.api.error;

import static io.multibroker.api.error.ErrorCategory.*;

/**
 * The unified error codes that every broker's own codes map into.
 *
 * <p>{@link #retryable()} is true only where the request certainly had no effect, so that sending it
 * again cannot duplicate anything. A timeout or a lost connection after an order was sent is
 * {@link #UNKNOWN_OUTCOME}, never {@link #TIMEOUT}: adapters must not report a possibly-executed
 * order as retryable.
 */
public enum ErrorCode {
    AUTHENTICATION_FAILED(AUTHENTICATION, false),
    PERMISSION_DENIED(AUTHENTICATION, false),
    ACCOUNT_NOT_FOUND(ACCOUNT, false),
    INSUFFICIENT_FUNDS(ACCOUNT, false),
    POSITION_LIMIT_EXCEEDED(ACCOUNT, false),
    /**
     * The runtime's own pre-trade risk controls refused the order before any broker call: a limit (size, notional,
     * position, open orders, order rate, daily loss, price collar) or the trading state (HALTED, or REDUCING and the
     * order does not reduce the position). The message names the limit, its value and the order's (since 1.1).
     */
    RISK_LIMIT_EXCEEDED(ACCOUNT, false),
    /**
     * Several runtimes share one database and another one drives this account (the message names it and where its API
     * answers), or this runtime has just taken it over and is reconciling it: nothing was sent (since 1.2).
     */
    ACCOUNT_NOT_OWNED(ACCOUNT, false),
    INVALID_SYMBOL(INVALID_REQUEST, false),
    INVALID_QUANTITY(INVALID_REQUEST, false),
    INVALID_PRICE(INVALID_REQUEST, false),
    INVALID_ORDER(INVALID_REQUEST, false),
    ORDER_NOT_FOUND(INVALID_REQUEST, false),
    DUPLICATE_CLIENT_ORDER_ID(INVALID_REQUEST, false),
    UNSUPPORTED_ORDER_TYPE(UNSUPPORTED, false),
    UNSUPPORTED_TIME_IN_FORCE(UNSUPPORTED, false),
    /** The account does not offer this operation (a lookup by client order id, price streaming, ...). */
    UNSUPPORTED_OPERATION(UNSUPPORTED, false),
    /** No broker type of that name is registered (its bundle is not installed, or was removed). */
    UNSUPPORTED_BROKER(UNSUPPORTED, false),
    MARKET_CLOSED(MARKET, false),
    RATE_LIMITED(THROTTLING, true),
    NETWORK_ERROR(CONNECTIVITY, true),
    TIMEOUT(CONNECTIVITY, true),
    BROKER_UNAVAILABLE(CONNECTIVITY, true),
    BROKER_PROTOCOL_ERROR(PROTOCOL, false),
    CONFIGURATION_INVALID(CONFIGURATION, false),
    UNKNOWN_OUTCOME(ErrorCategory.UNKNOWN_OUTCOME, false),
    UNKNOWN_ERROR(UNKNOWN, false);

    private final ErrorCategory category;
    private final boolean retryable;

    ErrorCode(ErrorCategory category, boolean retryable) {
        this.category = category;
        this.retryable = retryable;
    }

    public ErrorCategory category() {
        return category;
    }

    /** True when the failed request certainly had no effect and may be sent again after a backoff. */
    public boolean retryable() {
        return retryable;
    }

    /** True when the request may have taken effect at the broker: reconcile, never resend blindly. */
    public boolean unknownOutcome() {
        return category == ErrorCategory.UNKNOWN_OUTCOME;
    }

    public RecoveryAction action() {
        if (retryable) {
            return RecoveryAction.RETRY;
        }
        return switch (category) {
            case UNKNOWN_OUTCOME -> RecoveryAction.RECONCILE;
            case ACCOUNT, INVALID_REQUEST, UNSUPPORTED, MARKET -> RecoveryAction.FIX_REQUEST;
            default -> RecoveryAction.ESCALATE;
        };
    }
}
