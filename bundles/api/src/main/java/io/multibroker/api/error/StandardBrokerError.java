package io.multibroker.api.error;

/**
 * The one exception type that adapters and runtime services fail with. It carries a unified
 * {@link ErrorCode}, its category, whether a retry is safe, the broker's own code and message, and
 * the context needed to find the order again.
 */
public class StandardBrokerError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorDetail detail;

    public StandardBrokerError(ErrorDetail detail) {
        this(detail, null);
    }

    public StandardBrokerError(ErrorDetail detail, Throwable cause) {
        super(detail.toString(), cause);
        this.detail = detail;
    }

    public StandardBrokerError(ErrorCode code, String message) {
        this(ErrorDetail.of(code, message));
    }

    public StandardBrokerError(ErrorCode code, String message, Throwable cause) {
        this(ErrorDetail.of(code, message), cause);
    }

    public static StandardBrokerError of(ErrorCode code, String brokerCode, String message, ErrorContext context) {
        return new StandardBrokerError(new ErrorDetail(code, code.retryable(), brokerCode, message, context));
    }

    /**
     * The StandardBrokerError in a failure as it comes out of a CompletionStage (possibly wrapped in a
     * CompletionException), or an UNKNOWN_ERROR wrapping anything else.
     */
    public static StandardBrokerError from(Throwable failure) {
        Throwable current = failure;
        while (current != null) {
            if (current instanceof StandardBrokerError error) {
                return error;
            }
            current = current.getCause();
        }
        return new StandardBrokerError(ErrorCode.UNKNOWN_ERROR, String.valueOf(failure), failure);
    }

    public ErrorDetail detail() {
        return detail;
    }

    public ErrorCode code() {
        return detail.code();
    }

    public ErrorCategory category() {
        return detail.category();
    }

    public boolean retryable() {
        return detail.retryable();
    }

    public boolean unknownOutcome() {
        return detail.unknownOutcome();
    }

    public String brokerCode() {
        return detail.brokerCode();
    }

    public String brokerMessage() {
        return detail.message();
    }

    public ErrorContext context() {
        return detail.context();
    }
}
