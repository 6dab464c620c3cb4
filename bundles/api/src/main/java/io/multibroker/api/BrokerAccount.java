package io.multibroker.api;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.LatencyMinute;
import io.multibroker.api.metrics.OperationMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** A registered account: its adapter, reached through the registry's metered handle, and its health. */
@ProviderType
public interface BrokerAccount {

    String accountId();

    String brokerType();

    /** The account's adapter, wrapped so that every call is timed and counted by outcome. */
    BrokerAdapter adapter();

    BrokerCapabilities capabilities();

    AccountHealth health();

    /** Call metrics by operation name ({@code placeOrder}, {@code accountSummary}, ...) since the account was registered. */
    default Map<String, OperationMetrics> metrics() {
        return metrics(Instant.EPOCH).operations();
    }

    /**
     * Everything measured since the given time: latency percentiles and throughput per operation, errors by
     * category, order outcomes, fill rate and slippage. Windows shorter than an hour are exact to the
     * minute; an earlier start counts everything since the account was registered.
     */
    AccountMetrics metrics(Instant since);

    /**
     * The operation's latency in each minute of the last hour that had calls, oldest first (at most 60).
     *
     * @since 1.4
     */
    default List<LatencyMinute> latencyByMinute(String operation) {
        return List.of();
    }
}
