/** Per-account, per-operation call metrics. */
@Export
@Version("1.1.0")
package io.multibroker.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
