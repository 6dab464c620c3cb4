/** Kinds of configuration, their schemas (from Metatype), validation results, history and backup. */
@Export
@Version("1.4.0")
package io.multibroker.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
