/**
 * Several runtimes on one database: which runtime drives each broker account (1.0); orders forwarded to the runtime that
 * drives their account, and the credential runtimes present to each other (1.1).
 */
@Export
@Version("1.1.0")
package io.multibroker.api.cluster;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
