/**
 * Pre-trade risk: the gate every order passes before any broker call ({@link io.multibroker.api.risk.PreTradeCheck}),
 * the trading states and the kill switch ({@link io.multibroker.api.risk.RiskControl}).
 */
@Export
@Version("1.1.0")
package io.multibroker.api.risk;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
