package io.multibroker.http;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import java.util.List;
import java.util.Locale;

/** A request that ends in a problem document instead of an answer. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String TYPES = "https://multibroker.io/problems/";

    /** The code of a 409: a cancel of an order that is no longer resting (filled, cancelled, replaced, rejected). */
    public static final String ORDER_NOT_RESTING = "ORDER_NOT_RESTING";
    /** The code of a 409: a client order id that names another order already; nothing was sent. */
    public static final String DUPLICATE_CLIENT_ORDER_ID = ErrorCode.DUPLICATE_CLIENT_ORDER_ID.name();
    /** The code of a 409: an experiment of that name exists already. */
    public static final String EXPERIMENT_EXISTS = "EXPERIMENT_EXISTS";

    private final transient Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    private static ApiException of(int status, String type, String title, String detail, String code, List<Problem.FieldError> errors) {
        return new ApiException(new Problem(TYPES + type, title, status, detail, null, code, errors));
    }

    /** A request whose fields break their rules: each named with its value and the rule. */
    /** The field of an error that is the request's as a whole (several fields together), not one field's. */
    public static final String BODY = "(body)";

    public static ApiException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1 ? describe(errors.get(0)) : errors.size() + " fields are invalid: "
                + String.join("; ", errors.stream().map(ApiException::describe).toList());
        return of(400, "invalid-request", "The request is invalid", detail, null, errors);
    }

    public static ApiException invalid(String field, String value, String rule) {
        return invalid(List.of(new Problem.FieldError(field, value, rule)));
    }

    private static String describe(Problem.FieldError error) {
        if (BODY.equals(error.field()) && error.value() == null) {
            // a rule of several fields together: the rule names them
            return error.rule();
        }
        return error.field() + (error.value() == null ? " is missing" : " = " + error.value()) + ": " + error.rule();
    }

    public static ApiException malformed(String detail) {
        return of(400, "malformed-json", "The request body is not valid JSON", detail, null, List.of());
    }

    public static ApiException unauthorized(String detail) {
        return of(401, "unauthorized", "No valid API token", detail, null, List.of());
    }

    public static ApiException forbidden(Role role, Role needed) {
        return of(403, "forbidden", "The token's role may not do this",
                "a " + role.id() + " token may not do this; it needs the role " + needed.id() + " or above", null, List.of());
    }

    public static ApiException notFound(String detail) {
        return of(404, "not-found", "Not found", detail, null, List.of());
    }

    public static ApiException methodNotAllowed(String method, String path) {
        return of(405, "method-not-allowed", "Method not allowed", method + " is not allowed on " + path, null, List.of());
    }

    /** A request the state of what it names refuses, with a {@code code} a client can act on (the constants here). */
    public static ApiException conflict(String detail, String code) {
        return of(409, "conflict", "The request conflicts with the state of the resource", detail, code, List.of());
    }

    public static ApiException tooLarge(long limit) {
        return of(413, "body-too-large", "The request body is too large", "a request body may have at most " + limit + " bytes",
                null, List.of());
    }

    public static ApiException unsupportedMediaType(String given) {
        return of(415, "unsupported-media-type", "Unsupported media type", "the body must be application/json, not " + given,
                null, List.of());
    }

    public static ApiException unavailable(String detail) {
        return of(503, "unavailable", "A service the request needs is not running", detail, null, List.of());
    }

    /** A runtime or broker refusal, with its unified code and the HTTP status that fits its category. */
    public static ApiException from(StandardBrokerError error) {
        ErrorDetail detail = error.detail();
        int status = switch (detail.code()) {
            case ACCOUNT_NOT_FOUND, ORDER_NOT_FOUND -> 404;
            case INVALID_SYMBOL, INVALID_QUANTITY, INVALID_PRICE, INVALID_ORDER, DUPLICATE_CLIENT_ORDER_ID, CONFIGURATION_INVALID -> 400;
            case UNSUPPORTED_ORDER_TYPE, UNSUPPORTED_TIME_IN_FORCE, UNSUPPORTED_OPERATION, UNSUPPORTED_BROKER, MARKET_CLOSED,
                    INSUFFICIENT_FUNDS, POSITION_LIMIT_EXCEEDED -> 422;
            case PERMISSION_DENIED, AUTHENTICATION_FAILED -> 502;
            case RATE_LIMITED -> 429;
            case TIMEOUT -> 504;
            case NETWORK_ERROR, BROKER_UNAVAILABLE -> 503;
            case BROKER_PROTOCOL_ERROR -> 502;
            case RISK_LIMIT_EXCEEDED -> 422;
            case ACCOUNT_NOT_OWNED -> 409;
            // an unknown outcome, an unknown error, or a code added after this table
            default -> 500;
        };
        return of(status, "broker-error/" + detail.code().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                detail.code().name(), detail.message(), detail.code().name(), List.of());
    }
}
