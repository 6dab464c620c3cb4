/** What a broker account can do: capability flags, time in force per order type, instruments and their limits. */
@Export
@Version("1.1.0")
package io.multibroker.api.capability;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
