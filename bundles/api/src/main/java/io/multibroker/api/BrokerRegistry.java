package io.multibroker.api;

import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.ErrorSummary;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.UnifiedOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ProviderType;

/** Every broker type and account registered now. Types and accounts come and go with their bundles and configurations. */
@ProviderType
public interface BrokerRegistry {

    List<BrokerTypeInfo> types();

    Optional<BrokerTypeInfo> type(String id);

    /** All accounts, sorted by id. */
    List<BrokerAccount> accounts();

    Optional<BrokerAccount> account(String accountId);

    /** The account, or a StandardBrokerError ACCOUNT_NOT_FOUND naming it. */
    BrokerAccount requireAccount(String accountId);

    /** The accounts that can take this order now (capability, time in force, instrument and limits, health), by id. */
    List<BrokerAccount> eligibleAccounts(UnifiedOrder order);

    /** For each account that cannot take this order, why not. */
    Map<String, ErrorDetail> ineligibleAccounts(UnifiedOrder order);

    /**
     * Why this account cannot take the order now (not registered, not routable, or missing a capability), or
     * empty when it can: the per-account check of {@link #eligibleAccounts}, without building a list.
     */
    Optional<ErrorDetail> refusal(String accountId, UnifiedOrder order);

    /** The changes in what the account offers, oldest first, since the registry first saw it. */
    List<CapabilityChange> capabilityHistory(String accountId);

    /**
     * The changes of the account's health status, oldest first, since the registry first saw it (bounded: the latest
     * few hundred are kept).
     *
     * @since 1.4
     */
    default List<HealthChange> healthHistory(String accountId) {
        return List.of();
    }

    /** Errors of every account since the given time, counted by account and code, with the latest of each. */
    List<ErrorSummary> errors(Instant since);

    /**
     * The order events of every account, merged: each account's adapter events and the journal's reconciliations,
     * with the same rules as {@link BrokerAdapter#orderEvents()} (a bounded buffer per subscriber, a GAP marker after
     * missed events). A registry without order events fails the subscription with {@code UNSUPPORTED_OPERATION}.
     */
    default Flow.Publisher<OrderEvent> orderEvents() {
        return BrokerAdapter.failedStream(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, "no order events"));
    }

    /**
     * Order events are also posted on EventAdmin under this prefix and the event kind
     * ({@code io/multibroker/order/FILLED}), with the properties {@code account.id}, {@code client.order.id},
     * {@code broker.order.id}, {@code instrument}, {@code status}, {@code filled.units}, {@code fill.units},
     * {@code fill.price} (decimal strings), {@code reason}, {@code related.order.id} and {@code time}.
     */
    String TOPIC_ORDER_PREFIX = "io/multibroker/order/";

    /** Event topics the registry publishes on (EventAdmin), under {@code io/multibroker/}. */
    String TOPIC_ACCOUNT_ADDED = "io/multibroker/account/ADDED";
    String TOPIC_ACCOUNT_REMOVED = "io/multibroker/account/REMOVED";
    String TOPIC_HEALTH_CHANGED = "io/multibroker/account/HEALTH_CHANGED";
    String TOPIC_CAPABILITIES_CHANGED = "io/multibroker/account/CAPABILITIES_CHANGED";
    String TOPIC_TYPE_ADDED = "io/multibroker/type/ADDED";
    String TOPIC_TYPE_REMOVED = "io/multibroker/type/REMOVED";
}
