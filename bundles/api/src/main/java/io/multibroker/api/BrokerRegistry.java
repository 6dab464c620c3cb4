package io.multibroker.api;

import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.model.UnifiedOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
