/** Helpers that bundles share: the fan-out of one price feed to many back-pressured subscribers, path-segment escaping, configuration values, daemon threads, the URL rule of
 * selectable environments (1.3), the broker types that differ by environment (1.4), a lasting order event subscription (1.5),
 * a caller's word that it waits for the answer, so I/O may run on its thread, and the threads of a blocking
 * transport that honour it (1.6); the broker order id of an order named by either of its ids (1.7). */
@Export
@Version("1.7.0")
package io.multibroker.api.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
