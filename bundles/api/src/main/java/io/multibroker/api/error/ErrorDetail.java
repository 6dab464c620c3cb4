package io.multibroker.api.error;

import java.util.Objects;

/**
 * An error as data: what {@link StandardBrokerError} carries, and what a rejected or unknown
 * {@link io.multibroker.api.model.OrderResult} holds.
 *
 * @param code the unified code
 * @param retryable whether the request may be sent again; defaults to {@link ErrorCode#retryable()}
 * @param brokerCode the broker's own code (OANDA's reject reason, an HTTP status, ...), or null
 * @param message what went wrong, in words that name the offending value
 * @param context where it happened
 */
public record ErrorDetail(ErrorCode code, boolean retryable, String brokerCode, String message, ErrorContext context) {

    public ErrorDetail {
        Objects.requireNonNull(code, "code");
        message = message == null ? code.name() : message;
        context = context == null ? ErrorContext.NONE : context;
    }

    public static ErrorDetail of(ErrorCode code, String message) {
        return new ErrorDetail(code, code.retryable(), null, message, ErrorContext.NONE);
    }

    public ErrorCategory category() {
        return code.category();
    }

    public boolean unknownOutcome() {
        return code.unknownOutcome();
    }

    public ErrorDetail withContext(ErrorContext newContext) {
        return new ErrorDetail(code, retryable, brokerCode, message, newContext);
    }

    public ErrorDetail withBrokerCode(String newBrokerCode) {
        return new ErrorDetail(code, retryable, newBrokerCode, message, context);
    }

    @Override
    public String toString() {
        return code + (brokerCode == null ? "" : " [" + brokerCode + "]") + ": " + message
                + (context == ErrorContext.NONE ? "" : " (" + context + ")");
    }
}
