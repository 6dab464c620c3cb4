package io.multibroker.api.error;

/** What a caller should do after an error, so that it never has to guess from a message. */
public enum RecoveryAction {
    /** The request certainly had no effect: sending it again (after a backoff) is safe. */
    RETRY,
    /** The request is wrong or cannot be served as it stands: change it, or send it elsewhere. */
    FIX_REQUEST,
    /** The outcome is unknown: look the order up (by client order id) before anything is sent again. */
    RECONCILE,
    /** Nothing the caller can change: an operator has to act (credentials, configuration, broker outage). */
    ESCALATE
}
