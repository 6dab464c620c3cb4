package io.multibroker.risk;

import io.multibroker.api.risk.TradingState;
import java.time.Instant;

/**
 * The trading state of one scope, who set it, why and when.
 *
 * @param liveResumed for an account that trades real money: an admin resumed it with {@code --live}
 */
record ScopeState(TradingState state, String reason, String by, Instant since, boolean liveResumed) {

    static final ScopeState ACTIVE = new ScopeState(TradingState.ACTIVE, null, null, null, false);
}
