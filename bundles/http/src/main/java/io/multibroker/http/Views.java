package io.multibroker.http;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.capability.TradingSession;
import io.multibroker.api.model.InstrumentType;
import io.multibroker.api.model.OrderType;
import io.multibroker.api.model.TimeInForce;
import io.multibroker.api.routing.ExperimentInfo;
import java.util.Map;
import java.util.Set;

/** The answers the API builds itself (the others are the API's own records). */
public final class Views {

    private Views() {
    }

    /**
     * An account.
     *
     * @param accountId its id
     * @param brokerType its broker type
     * @param health its health after the last check
     */
    @Doc("An account, its broker type and its health")
    public record AccountView(String accountId, String brokerType, AccountHealth health) {
    }

    /**
     * What an account can do (its instruments are listed apart).
     *
     * @param features the capability flags
     * @param timeInForce the times in force each order type accepts
     * @param sessions the trading sessions of the asset classes that keep hours
     */
    @Doc("What an account can do: capability flags, time in force per order type, trading sessions")
    public record CapabilitiesView(Set<BrokerCapability> features, Map<OrderType, Set<TimeInForce>> timeInForce,
            Map<InstrumentType, TradingSession> sessions) {
    }

    /**
     * An experiment with what it has recorded.
     *
     * @param experiment its settings
     * @param allocation each arm's share of new orders now, in basis points
     * @param orders orders recorded per arm in the main comparison
     * @param overrides orders recorded per arm that their assigned arm could not take
     */
    @Doc("An experiment, its current split and the orders recorded per arm")
    public record ExperimentView(ExperimentInfo experiment, Map<String, Integer> allocation, Map<String, Long> orders,
            Map<String, Long> overrides) {
    }

    /**
     * A token just created: the only time the token is shown.
     *
     * @param token the bearer token; keep it, it cannot be shown again
     * @param info its name and role
     */
    @Doc("A token just created: the only time it is shown")
    public record CreatedToken(String token, TokenInfo info) {
    }
}
