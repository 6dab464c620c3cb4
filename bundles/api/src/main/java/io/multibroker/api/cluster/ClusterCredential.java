package io.multibroker.api.cluster;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The credential that runtimes sharing a database present to each other's HTTP API when they forward an order: one
 * secret given to every runtime (as a reference resolved on each host, never stored in the database). An API that
 * admits it grants the trader role, nothing more.
 */
@ProviderType
public interface ClusterCredential {

    /** Whether the presented bearer token is the cluster's credential; compared in a time that does not depend on it. */
    boolean admits(String presented);
}
