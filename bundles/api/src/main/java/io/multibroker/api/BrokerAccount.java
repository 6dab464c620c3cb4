package io.multibroker.api;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.metrics.OperationMetrics;
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

    /** Call metrics by operation name ({@code placeOrder}, {@code accountSummary}, ...). */
    Map<String, OperationMetrics> metrics();
}
