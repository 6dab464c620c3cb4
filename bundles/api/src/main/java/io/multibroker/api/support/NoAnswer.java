package io.multibroker.api.support;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.StandardBrokerError;

/**
 * A request that changes something at a broker (an order, a cancel, a close) and failed before any answer came. Either
 * it certainly did not leave (a refused connection, the client-side rate limit), and nothing happened; or it may have
 * gone out, and only a lookup can tell what became of it: an adapter never sends it again blindly.
 *
 * @since support 1.4
 */
public final class NoAnswer extends Exception {

    private static final long serialVersionUID = 1L;
    /** Why it certainly was not sent; null when it may have arrived. */
    private final ErrorCode notSent;

    private NoAnswer(String message, Throwable cause, ErrorCode notSent) {
        super(message, cause);
        this.notSent = notSent;
    }

    /** It may have gone out: only a lookup can tell what became of it. */
    public static NoAnswer mayHaveArrived(Throwable cause) {
        return new NoAnswer(cause.toString(), cause, null);
    }

    /** It certainly did not leave, for this reason. */
    public static NoAnswer notSent(String message, Throwable cause, ErrorCode why) {
        return new NoAnswer(message, cause, why);
    }

    public boolean mayHaveArrived() {
        return notSent == null;
    }

    /** The code of a request that was not sent; null when {@link #mayHaveArrived()}. */
    public ErrorCode notSentCode() {
        return notSent;
    }

    /**
     * As the error of the change it stopped: {@link ErrorCode#UNKNOWN_OUTCOME} when it may have arrived, else the reason it
     * was not sent.
     *
     * @param what the change, for the message: {@code cancel of 1234}
     */
    public StandardBrokerError asBrokerError(String what, ErrorContext context) {
        return StandardBrokerError.of(mayHaveArrived() ? ErrorCode.UNKNOWN_OUTCOME : notSent, null, what + " got no answer: " + getMessage(),
                context);
    }
}
