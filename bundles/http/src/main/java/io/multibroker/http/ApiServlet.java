package io.multibroker.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The servlet under {@code /api/v1/*}: reads the request (its body bounded in size), hands it to the {@link Api} and
 * writes the answer as JSON or as a problem document; counts every request for {@code /metrics}.
 */
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PREFIX = "/api/v1";

    private final transient Api api;
    private final transient HttpMetrics metrics;
    private final transient Cors cors;
    private final int maxBody;
    private final boolean tlsRequired;

    ApiServlet(Api api, HttpMetrics metrics, Cors cors, int maxBody, boolean tlsRequired) {
        this.api = api;
        this.metrics = metrics;
        this.cors = cors;
        this.maxBody = maxBody;
        this.tlsRequired = tlsRequired;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        String method = request.getMethod();
        if ("OPTIONS".equals(method)) {
            cors.preflight(request, response);
            return;
        }
        cors.allow(request, response);
        String path = path(request);
        Api.Outcome outcome;
        if (tlsRequired && !request.isSecure()) {
            outcome = refused(new Problem("about:blank", "TLS required", 403, "this runtime takes API requests over HTTPS only",
                    PREFIX + path, null, List.of()));
        } else {
            try {
                byte[] body = body(request);
                outcome = api.dispatch(method, path, query(request), request.getHeader("Authorization"), request.getContentType(), body,
                        request, response);
            } catch (ApiException e) {
                outcome = refused(e.problem().at(PREFIX + path));
            }
        }
        if (!outcome.streaming()) {
            if (outcome.status() == 413) {
                // the body is left unread: the connection cannot be used again, and the answer must not wait for the
                // server to drain it (seen once in a full run: no answer within 30 s), so it is closed and sent now
                response.setHeader("Connection", "close");
            }
            write(response, outcome);
            if (outcome.status() == 413) {
                response.flushBuffer();
            }
        }
        metrics.record(method, outcome.route(), outcome.status(), System.nanoTime() - start);
    }

    private static Api.Outcome refused(Problem problem) {
        return new Api.Outcome(problem.status(), problem, Map.of(), "unmatched", false);
    }

    /** The path below /api/v1 as it was sent (still percent-encoded: the route table decodes each segment). */
    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String below = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return below.startsWith(PREFIX) ? below.substring(PREFIX.length()) : below;
    }

    private static Map<String, List<String>> query(HttpServletRequest request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, Arrays.asList(values)));
        return query;
    }

    /** The body, refused unread when it says it is too large, and cut off when it turns out to be. */
    private byte[] body(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            throw ApiException.tooLarge(maxBody);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, read);
                if (bytes.size() > maxBody) {
                    throw ApiException.tooLarge(maxBody);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void write(HttpServletResponse response, Api.Outcome outcome) throws IOException {
        response.setStatus(outcome.status());
        outcome.headers().forEach(response::setHeader);
        if (outcome.body() == null) {
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(outcome.body() instanceof Problem ? Problem.MEDIA_TYPE : "application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] json = Json.mapper().writeValueAsBytes(outcome.body());
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
