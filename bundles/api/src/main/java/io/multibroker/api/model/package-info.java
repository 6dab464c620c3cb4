/** Broker-agnostic orders, positions, accounts, prices and instruments. Every price and quantity is a BigDecimal. */
@Export
@Version("1.2.0")
package io.multibroker.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
