package io.multibroker.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Cross-origin access for the configured origins only: a browser page from any other origin gets no CORS headers, so
 * the browser keeps it from reading answers (and from sending an Authorization header at all).
 *
 * <p>Origins are compared as the browser sends them ({@code scheme://host[:port]}, nothing after), so a configured value
 * that could never match one (a path, a trailing slash, a wildcard) is refused when the API starts, naming it, rather
 * than leaving the front end to fail on every call. A wildcard is never allowed: it would hand the API, bearer token in
 * hand, to any page a user happens to open. No {@code Access-Control-Allow-Credentials} is sent: the API takes a bearer
 * token in the Authorization header, never a cookie, so a page has no ambient credentials to send.
 */
final class Cors {

    static final String KEY = "cors.origins";
    static final Set<String> METHODS = Set.of("GET", "POST", "DELETE");
    private static final String ALLOWED_METHODS = "GET, POST, DELETE";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Last-Event-ID";
    private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#@\\s]+", Pattern.CASE_INSENSITIVE);

    private final Set<String> origins;

    Cors(String[] configured) {
        Set<String> accepted = new LinkedHashSet<>();
        // a .cfg gives a list as one comma-separated value
        Arrays.stream(configured).flatMap(value -> Arrays.stream(value.split(","))).map(String::trim).filter(value -> !value.isEmpty())
                .forEach(value -> accepted.add(origin(value)));
        this.origins = Set.copyOf(accepted);
    }

    private static String origin(String value) {
        if (value.contains("*")) {
            throw new IllegalArgumentException(KEY + " = " + value + ": a wildcard is not allowed; name each origin the API may be called "
                    + "from (https://app.example.com)");
        }
        if (!ORIGIN.matcher(value).matches()) {
            throw new IllegalArgumentException(KEY + " = " + value + ": an origin is scheme://host[:port] with scheme http or https and "
                    + "nothing after the port (no path, no trailing slash), as a browser sends it in the Origin header");
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(KEY + " = " + value + ": no host name in it");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(KEY + " = " + value + ": not an origin (" + e.getReason() + ")");
        }
        // browsers send scheme and host in lower case
        return value.toLowerCase(Locale.ROOT);
    }

    /** The origins a browser may call the API from, as compared. */
    Set<String> origins() {
        return origins;
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

    /**
     * Answers a preflight: 204 with the allowed methods and headers for an allowed origin asking for a method the API
     * has, 403 with no CORS headers otherwise (the browser then does not send the request).
     */
    void preflight(HttpServletRequest request, HttpServletResponse response) {
        String method = request.getHeader("Access-Control-Request-Method");
        String origin = request.getHeader("Origin");
        if (origin != null && origins.contains(origin) && method != null && METHODS.contains(method)) {
            allow(request, response);
            response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            response.setHeader("Access-Control-Max-Age", "600");
            response.setStatus(204);
        } else {
            response.setHeader("Vary", "Origin");
            response.setStatus(403);
        }
    }
}
