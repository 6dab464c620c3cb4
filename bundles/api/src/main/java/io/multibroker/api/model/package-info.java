/** Broker-agnostic orders, positions, accounts, prices and instruments. Every price and quantity is a BigDecimal. An order
 * replaced reads as such, whatever the broker calls it (1.3). */
@Export
@Version("1.3.0")
package io.multibroker.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
