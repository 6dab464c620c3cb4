package io.multibroker.dashboard;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The dashboard's address as people type it ({@code /dashboard} or {@code /dashboard/}): sends them to its page. The
 * whiteboard's resource servlet serves files only, and exact servlet patterns win over its {@code /dashboard/*}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("multibroker-dashboard-entry")
@HttpWhiteboardServletPattern({DashboardResources.PATH, DashboardResources.PATH + "/"})
public final class DashboardEntry extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PAGE = DashboardResources.PATH + "/index.html";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", request.getContextPath() + PAGE);
        response.setHeader("Cache-Control", "no-store");
    }
}
