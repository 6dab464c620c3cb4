/** Helpers that bundles share: the fan-out of one price feed to many back-pressured subscribers, path-segment escaping, configuration values, daemon threads, the URL rule of
 * selectable environments (1.3). */
@Export
@Version("1.4.0")
package io.multibroker.api.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
