package io.multibroker.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /metrics} for Prometheus. It names accounts and experiments, so it takes a viewer token (Prometheus sends one
 * with {@code authorization: {credentials: ...}} in its scrape configuration) unless {@code metrics.public} is set.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient RuntimeMetrics metrics;
    private final transient TokenStore tokens;
    private final boolean open;

    MetricsServlet(RuntimeMetrics metrics, TokenStore tokens, boolean open) {
        this.metrics = metrics;
        this.tokens = tokens;
        this.open = open;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!open && !authorized(request.getHeader("Authorization"))) {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"multibroker\"");
            response.setContentType("text/plain; charset=utf-8");
            response.getOutputStream().write("a viewer token is needed: Authorization: Bearer <token>\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        Optional<TokenInfo> caller = tokens.authenticate(authorization.substring(7).trim());
        return caller.isPresent();
    }
}
