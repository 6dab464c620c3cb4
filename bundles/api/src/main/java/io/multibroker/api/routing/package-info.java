/** The order routing entry point. */
@Export
@Version("1.4.0")
package io.multibroker.api.routing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
