package io.multibroker.api.error;

/** Groups of {@link ErrorCode}s that call for the same reaction from the caller. */
public enum ErrorCategory {
    /** Credentials are wrong or lack a permission: an operator has to act. */
    AUTHENTICATION,
    /** The account cannot take this order as it stands (funds, limits, existence). */
    ACCOUNT,
    /** The request itself is wrong: fix the input before sending it again. */
    INVALID_REQUEST,
    /** The broker or account does not offer what was asked for: route elsewhere. */
    UNSUPPORTED,
    /** The market does not trade now. */
    MARKET,
    /** Too many requests: wait, then send again. */
    THROTTLING,
    /** The broker could not be reached or did not answer in time, and the request certainly had no effect. */
    CONNECTIVITY,
    /** The broker answered something we cannot understand. */
    PROTOCOL,
    /** The runtime's own configuration is wrong. */
    CONFIGURATION,
    /** The request may or may not have taken effect: reconcile before doing anything else. */
    UNKNOWN_OUTCOME,
    /** Not classified. */
    UNKNOWN
}
