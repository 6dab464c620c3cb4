/** Broker adapter SPI and the services the runtime provides: registry, factory. */
@Export
@Version("1.4.0")
package io.multibroker.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
