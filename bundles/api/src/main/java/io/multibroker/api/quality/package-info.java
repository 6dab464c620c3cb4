/**
 * Execution quality: what each fill was worth against a reference price stream (effective spread, its ratio to the
 * quoted spread, price improvement, markouts after 1 s, 5 s and 60 s), per account and instrument, outside experiments
 * as well as in them; for limit orders, the fill ratio, the time to fill and the implementation shortfall.
 */
@Export
@Version("1.1.0")
package io.multibroker.api.quality;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
