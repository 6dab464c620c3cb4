/** Helpers that adapters share: the fan-out of one price feed to many back-pressured subscribers, path-segment escaping. */
@Export
@Version("1.1.0")
package io.multibroker.api.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
