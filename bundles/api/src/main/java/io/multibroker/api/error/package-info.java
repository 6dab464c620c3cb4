/** One error taxonomy that every broker's own codes map into. */
@Export
@Version("1.2.0")
package io.multibroker.api.error;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
