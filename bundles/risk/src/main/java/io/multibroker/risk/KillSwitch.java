package io.multibroker.risk;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.risk.HaltReport;
import io.multibroker.api.risk.TradingState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Halts a scope, then, when asked, cancels the open orders and closes the positions of the accounts it halted. The
 * state changes first, so that no order passes while the clean-up runs; cancels and closes go through the registry's
 * handle (journalled like any other), which the trading state does not stop since they reduce risk.
 */
final class KillSwitch {

    private final BrokerRegistry registry;
    private final TradingStates states;

    KillSwitch(BrokerRegistry registry, TradingStates states) {
        this.registry = registry;
        this.states = states;
    }

    CompletionStage<HaltReport> halt(String accountId, String reason, String by, boolean cancelOpen, boolean flatten) {
        List<BrokerAccount> accounts;
        if (accountId == null) {
            accounts = registry.accounts();
        } else {
            // an account the registry does not have now (stopped, removed) is halted all the same: it may come back
            accounts = registry.account(accountId).map(List::of).orElse(List.of());
        }
        states.set(accountId, TradingState.HALTED, reason, by, false);
        List<String> halted = accountId == null ? accounts.stream().map(BrokerAccount::accountId).toList() : List.of(accountId);
        List<String> cancelled = new CopyOnWriteArrayList<>();
        List<String> closed = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> work = new ArrayList<>();
        for (BrokerAccount account : accounts) {
            CompletableFuture<?> step = CompletableFuture.completedFuture(null);
            if (cancelOpen) {
                step = step.thenCompose(done -> cancelOpen(account, cancelled, failures));
            }
            if (flatten) {
                step = step.thenCompose(done -> flatten(account, closed, failures));
            }
            work.add(step);
        }
        return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new))
                .handle((done, failure) -> new HaltReport(halted, cancelled, closed, failures));
    }

    private static CompletableFuture<Void> cancelOpen(BrokerAccount account, List<String> cancelled, List<String> failures) {
        if (!account.capabilities().has(BrokerCapability.OPEN_ORDERS)) {
            failures.add(account.accountId() + ": its open orders cannot be listed (no OPEN_ORDERS): cancel them at the broker");
            return CompletableFuture.completedFuture(null);
        }
        return new OpenOrderSweep(account, cancelled, failures).run();
    }

    private static CompletableFuture<Void> flatten(BrokerAccount account, List<String> closed, List<String> failures) {
        if (!account.capabilities().has(BrokerCapability.CLOSE_POSITION)) {
            failures.add(account.accountId() + ": positions cannot be closed here (no CLOSE_POSITION): close them at the broker");
            return CompletableFuture.completedFuture(null);
        }
        return account.adapter().positions().toCompletableFuture().handle((positions, failure) -> {
            if (failure != null) {
                failures.add(account.accountId() + ": positions could not be read: " + failure.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            List<CompletableFuture<?>> closes = new ArrayList<>();
            for (UnifiedPosition position : positions) {
                if (position.longUnits().signum() == 0 && position.shortUnits().signum() == 0) {
                    continue;
                }
                closes.add(account.adapter().closePosition(position.instrument()).toCompletableFuture().handle((results, error) -> {
                    if (error == null) {
                        closed.add(account.accountId() + " " + position.instrument() + " (" + position.netUnits().toPlainString() + " units)");
                    } else {
                        failures.add(account.accountId() + ": close of " + position.instrument() + " failed: " + error.getMessage());
                    }
                    return null;
                }));
            }
            return CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new));
        }).thenCompose(next -> next);
    }
}
