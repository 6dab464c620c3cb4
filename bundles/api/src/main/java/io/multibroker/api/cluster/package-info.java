/**
 * Several runtimes on one database: which runtime drives each broker account (1.0).
 */
@Export
@Version("1.0.0")
package io.multibroker.api.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
