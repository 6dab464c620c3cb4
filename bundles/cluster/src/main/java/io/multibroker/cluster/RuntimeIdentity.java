package io.multibroker.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This runtime's name among those sharing the database. */
final class RuntimeIdentity {

    private RuntimeIdentity() {
    }

    /** The configured id, or the host and the installation directory: unique among runtimes, the same across restarts. */
    static String of(ClusterConfig config) {
        if (!config.runtime_id().isBlank()) {
            return config.runtime_id().trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + System.getProperty("karaf.base", System.getProperty("user.dir"));
    }
}
