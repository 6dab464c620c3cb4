package io.multibroker.api;

public enum HealthStatus {
    /** Connected and answering. */
    UP,
    /** Answering, but something is wrong (slow, errors above threshold, last configuration refused). */
    DEGRADED,
    /** Not usable: not reachable, or authentication failed. */
    DOWN,
    /** Connecting or authenticating: not usable yet. */
    CONNECTING,
    /** Stopped by an operator: registered, but not routable and not checked. */
    STOPPED;

    /** Whether orders may be sent to an account in this state. */
    public boolean routable() {
        return this == UP || this == DEGRADED;
    }
}
