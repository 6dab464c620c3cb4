package io.multibroker.http;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.OrderResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds an order by client order id in the order journal, which records every order's intent before it leaves, at
 * every account the registry has. Without a journal it asks each account's broker ({@code findOrderByClientId}), which
 * costs a round trip per account: the journal is part of the shipped runtime, this is the fallback.
 */
public final class RuntimeOrderLookup implements OrderLookup {

    private static final Duration BROKER_LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final Services services;

    public RuntimeOrderLookup(Services services) {
        this.services = services;
    }

    @Override
    public Optional<OrderView> find(String clientOrderId, String preferredAccount) {
        List<String> accounts = new ArrayList<>();
        if (preferredAccount != null) {
            accounts.add(preferredAccount);
        }
        for (BrokerAccount account : services.registry().accounts()) {
            if (!account.accountId().equals(preferredAccount)) {
                accounts.add(account.accountId());
            }
        }
        Optional<OrderJournal> journal = services.journal();
        for (String account : accounts) {
            Optional<OrderView> found = journal.isPresent()
                    ? journal.get().orderByClientId(account, clientOrderId).map(OrderView::of)
                    : atBroker(account, clientOrderId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<OrderView> atBroker(String accountId, String clientOrderId) {
        Optional<BrokerAccount> account = services.registry().account(accountId);
        if (account.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<OrderResult> found = account.get().adapter().findOrderByClientId(clientOrderId).toCompletableFuture()
                    .get(BROKER_LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return found.map(OrderView::of);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while looking up " + clientOrderId + " at " + accountId);
        } catch (Exception e) {
            // an account that cannot say whether it has the order: placing it again could duplicate it
            throw ApiException.unavailable("cannot tell whether " + accountId + " has the order " + clientOrderId
                    + " already (no order journal, and the broker lookup failed: " + e + "); not placed");
        }
    }
}
