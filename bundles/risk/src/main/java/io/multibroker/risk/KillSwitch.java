package io.multibroker.risk;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.UnifiedPosition;
import io.multibroker.api.risk.HaltReport;
import io.multibroker.api.risk.TradingState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Halts a scope, then, when asked, cancels the open orders and closes the positions of the accounts it halted. The
 * state changes first, so that no order passes while the clean-up runs; cancels and closes go through the registry's
 * handle (journalled like any other), which the trading state does not stop since they reduce risk.
 */
final class KillSwitch {

    /** How many times the open orders are listed and cancelled before what is still open is named as a failure. */
    static final int CANCEL_PASSES = 3;

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
        return cancelPass(account, new HashSet<>(), 1, cancelled, failures);
    }

    /**
     * One pass: lists the open orders and cancels those no pass has tried yet, then lists again. An order can appear after
     * the first listing: one sent before the halt and answered after it, or the replacement made by a replace in flight,
     * which the cancel of the order it replaced answers as REPLACED. Passes end when a listing shows nothing new, or after
     * {@link #CANCEL_PASSES}, when what is still open is named as a failure.
     */
    private static CompletableFuture<Void> cancelPass(BrokerAccount account, Set<String> tried, int pass, List<String> cancelled,
            List<String> failures) {
        return account.adapter().openOrders().toCompletableFuture().handle((open, failure) -> {
            if (failure != null) {
                failures.add(account.accountId() + ": open orders could not be listed: " + failure.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            List<OrderResult> fresh = open.stream().filter(order -> !tried.contains(order.brokerOrderId())).toList();
            if (fresh.isEmpty()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (pass > CANCEL_PASSES) {
                failures.add(account.accountId() + ": still open after " + CANCEL_PASSES + " rounds of cancels: "
                        + fresh.stream().map(OrderResult::brokerOrderId).toList() + ": cancel them at the broker");
                return CompletableFuture.<Void>completedFuture(null);
            }
            List<CompletableFuture<?>> cancels = new ArrayList<>();
            for (OrderResult order : fresh) {
                tried.add(order.brokerOrderId());
                cancels.add(account.adapter().cancelOrder(order.brokerOrderId()).toCompletableFuture()
                        .handle((result, error) -> record(account, order, result, error, cancelled, failures)));
            }
            return CompletableFuture.allOf(cancels.toArray(CompletableFuture[]::new))
                    .thenCompose(done -> cancelPass(account, tried, pass + 1, cancelled, failures));
        }).thenCompose(next -> next);
    }

    /** Names an order cancelled only when the broker's answer says so; anything else is said as it is. */
    private static Void record(BrokerAccount account, OrderResult order, OrderResult result, Throwable error, List<String> cancelled,
            List<String> failures) {
        String named = account.accountId() + " " + order.brokerOrderId() + " (" + order.instrument() + ")";
        if (error != null) {
            failures.add(account.accountId() + ": cancel of " + order.brokerOrderId() + " failed: " + error.getMessage());
        } else if (result.replaced()) {
            // the order that replaced it is listed open in the next pass, and cancelled there
            failures.add(named + " was replaced before its cancel reached the broker: the next listing cancels what replaced it");
        } else if (result.status() == OrderStatus.CANCELLED) {
            cancelled.add(named);
        } else {
            failures.add(named + " was not cancelled: the broker answered it " + result.status()
                    + (result.filledUnits().signum() > 0 ? " with " + result.filledUnits().toPlainString() + " filled" : ""));
        }
        return null;
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
