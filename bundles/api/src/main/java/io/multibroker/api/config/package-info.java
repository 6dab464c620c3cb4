/** Configuration schemas (from Metatype) and validation results. */
@Export
@Version("1.1.0")
package io.multibroker.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
