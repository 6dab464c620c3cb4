package io.multibroker.dashboard;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * Serves the dashboard's static files (this bundle's {@code /dashboard} folder) under {@code /dashboard/*} through the
 * HTTP Whiteboard's resource support, beside the HTTP API on the same port. The pages hold no secret and need no
 * token: everything they show they fetch from {@code /api/v1} with the token the user types in.
 */
@Component(service = DashboardResources.class)
@HttpWhiteboardResource(pattern = DashboardResources.PATTERN, prefix = DashboardResources.PREFIX)
public final class DashboardResources {

    /** Where the dashboard is served. */
    public static final String PATH = "/dashboard";

    static final String PATTERN = PATH + "/*";
    static final String PREFIX = "/dashboard";
}
