package io.multibroker.http;

import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Cross-origin access for the configured origins only: a browser page from any other origin gets no CORS headers, so
 * the browser keeps it from reading answers (and from sending an Authorization header at all).
 */
final class Cors {

    private final Set<String> origins;

    Cors(String[] origins) {
        // a .cfg gives a list as one comma-separated value
        this.origins = java.util.Arrays.stream(origins).flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim).filter(value -> !value.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Adds the headers for an allowed origin; true when the request came from one. */
    boolean allow(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin == null || !origins.contains(origin)) {
            return false;
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Vary", "Origin");
        response.setHeader("Access-Control-Expose-Headers", "Idempotent-Replay");
        return true;
    }

    /** Answers a preflight: 204 with the allowed methods and headers for an allowed origin, 403 otherwise. */
    void preflight(HttpServletRequest request, HttpServletResponse response) {
        if (allow(request, response)) {
            response.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE");
            response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID");
            response.setHeader("Access-Control-Max-Age", "600");
            response.setStatus(204);
        } else {
            response.setStatus(403);
        }
    }
}
