package io.multibroker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * One request as a route sees it: its path parameters, its query, its body (already bounded in size), the token's
 * holder and, for an event stream, the servlet exchange to write to.
 */
public final class ApiCall {

    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final byte[] body;
    private final TokenInfo caller;
    private final BooleanSupplier callerInForce;
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    public ApiCall(String path, Map<String, String> pathParams, Map<String, List<String>> query, byte[] body, TokenInfo caller,
            HttpServletRequest request, HttpServletResponse response) {
        this(path, pathParams, query, body, caller, () -> true, request, response);
    }

    /** @param callerInForce whether the caller's token is still in force (an event stream outlives the request that opened it) */
    public ApiCall(String path, Map<String, String> pathParams, Map<String, List<String>> query, byte[] body, TokenInfo caller,
            BooleanSupplier callerInForce, HttpServletRequest request, HttpServletResponse response) {
        this.callerInForce = callerInForce;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.query = Map.copyOf(query);
        this.body = body;
        this.caller = caller;
        this.request = request;
        this.response = response;
    }

    public String path() {
        return path;
    }

    public String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("no path parameter " + name + " in " + path);
        }
        return value;
    }

    public TokenInfo caller() {
        return caller;
    }

    /** Whether the caller's token is still in force: false once it was revoked. */
    public boolean callerInForce() {
        return callerInForce.getAsBoolean();
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0).trim());
    }

    public String requireQuery(String name) {
        return query(name).orElseThrow(() -> ApiException.invalid(name, null, "is required"));
    }

    /** A whole number between min and max, or the default when not given. */
    public int queryInt(String name, int defaultValue, int min, int max) {
        Optional<String> given = query(name);
        if (given.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(given.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, with the rule
        }
        throw ApiException.invalid(name, given.get(), "must be a whole number from " + min + " to " + max);
    }

    public Optional<Instant> queryInstant(String name) {
        Optional<String> given = query(name);
        try {
            return given.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, given.get(), "must be an ISO-8601 time such as 2026-12-31T21:00:00Z");
        }
    }

    /** The body read into the route's request record, strictly; malformed JSON is a 400 problem, never a 500. */
    public <R extends Record> R body(Class<R> type) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid(ApiException.BODY, null, "a JSON object is required");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.malformed(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw ApiException.malformed(e.getMessage());
        }
        return RecordReader.read(node, type);
    }

    /** The servlet exchange, for event streams; null when the call did not come through the servlet (unit tests). */
    public HttpServletRequest request() {
        return request;
    }

    public HttpServletResponse response() {
        return response;
    }
}
