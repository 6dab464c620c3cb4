package io.multibroker.http;

import java.util.HashMap;
import java.util.Map;

/**
 * A route's answer: the status, the body (written as JSON) and extra headers.
 *
 * @param status the HTTP status
 * @param body what is written as JSON, or null for no body
 * @param headers headers to add
 */
public record Reply(int status, Object body, Map<String, String> headers) {

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply ok(Object body) {
        return new Reply(200, body, Map.of());
    }

    public static Reply created(Object body) {
        return new Reply(201, body, Map.of());
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new Reply(status, body, more);
    }
}
