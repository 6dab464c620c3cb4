package io.multibroker.dashboard;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Security headers for the dashboard's pages. The page holds an API token (an admin's can stop experiments and halt
 * trading), so it runs only its own scripts (no inline script, nothing from elsewhere: an injected one could read the
 * token), talks only to its own origin, and cannot be framed (no clickjacking of the kill switch).
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName("multibroker-dashboard-headers")
@HttpWhiteboardFilterPattern({DashboardResources.PATH, DashboardResources.PATH + "/*"})
public final class DashboardHeaders implements Filter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        http.setHeader("X-Content-Type-Options", "nosniff");
        http.setHeader("Referrer-Policy", "no-referrer");
        http.setHeader("X-Frame-Options", "DENY");
        chain.doFilter(request, response);
    }
}
