package io.multibroker.risk;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerTypeInfo;
import io.multibroker.api.capability.CapabilityChange;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.ErrorSummary;
import io.multibroker.api.model.UnifiedOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A registry with no accounts: the checks are tested on the usage the tests hand the engine. */
class EmptyRegistry implements BrokerRegistry {

    @Override public List<BrokerTypeInfo> types() { return List.of(); }
    @Override public Optional<BrokerTypeInfo> type(String id) { return Optional.empty(); }
    @Override public List<BrokerAccount> accounts() { return List.of(); }
    @Override public Optional<BrokerAccount> account(String accountId) { return Optional.empty(); }
    @Override public BrokerAccount requireAccount(String accountId) { throw new IllegalArgumentException(accountId); }
    @Override public List<BrokerAccount> eligibleAccounts(UnifiedOrder order) { return List.of(); }
    @Override public Map<String, ErrorDetail> ineligibleAccounts(UnifiedOrder order) { return Map.of(); }
    @Override public Optional<ErrorDetail> refusal(String accountId, UnifiedOrder order) { return Optional.empty(); }
    @Override public List<CapabilityChange> capabilityHistory(String accountId) { return List.of(); }
    @Override public List<ErrorSummary> errors(Instant since) { return List.of(); }
}
