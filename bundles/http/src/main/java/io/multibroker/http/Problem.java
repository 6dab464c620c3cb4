package io.multibroker.http;

import java.util.List;

/**
 * An error as RFC 9457 describes it ({@code application/problem+json}), with two members of our own: the unified error
 * code when a broker or the runtime refused, and each offending field with its value and the rule it breaks.
 *
 * @param type a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title the kind of problem, in words
 * @param status the HTTP status
 * @param detail this occurrence, in words that name the offending value
 * @param instance the request path
 * @param code the runtime's unified error code ({@code INVALID_QUANTITY}, ...), or null
 * @param errors the fields that are wrong, or empty
 */
public record Problem(String type, String title, int status, String detail, String instance, String code,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /**
     * One field that breaks a rule.
     *
     * @param field the field's path in the request ({@code routing.account}, or a query parameter's name)
     * @param value the value as it was given, or null when it was missing
     * @param rule what it must be
     */
    public record FieldError(String field, String value, String rule) {
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, code, errors);
    }
}
