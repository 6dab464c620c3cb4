package io.multibroker.risk;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.error.ErrorCategory;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Cancels an account's open orders for a halt: lists them, cancels each, and lists again, because an order can appear after
 * a listing (one sent before the halt and answered after it, or the replacement made by a replace in flight, whose cancel
 * of the order it replaced answers REPLACED) and a cancel can fail for a moment (a broker that throttles a mass cancel).
 * Passes end when a listing shows nothing left to do (after a pause, when a replacement may not be listed yet), or after
 * {@link #PASSES} rounds of cancels. An order is named cancelled only when the broker answered it cancelled; the rest is
 * said as it is, for the operator to finish at the broker.
 */
final class OpenOrderSweep {

    /** How many times the open orders are listed and cancelled at most. */
    static final int PASSES = 3;
    /** The wait before listing again when the last pass left something to come back for (a replacement, a retry). */
    static final Duration PAUSE = Duration.ofMillis(250);

    private final BrokerAccount account;
    private final List<String> cancelled;
    private final List<String> failures;
    /** The orders a cancel was sent for and answered (not for a moment's failure): not sent again. */
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    /** The orders whose cancel failed for a moment, with the failure: sent again while they are listed. */
    private final Map<String, String> failedForAMoment = new ConcurrentHashMap<>();
    /** How many cancels were answered REPLACED: the order that replaced each is a new one, cancelled when listed. */
    private final AtomicInteger replaced = new AtomicInteger();
    /** Whether a REPLACED answer came since the last listing that followed a pause: list again after one. */
    private volatile boolean awaitingReplacement;

    OpenOrderSweep(BrokerAccount account, List<String> cancelled, List<String> failures) {
        this.account = account;
        this.cancelled = cancelled;
        this.failures = failures;
    }

    CompletableFuture<Void> run() {
        return pass(1);
    }

    private CompletableFuture<Void> pass(int pass) {
        boolean paused = pass > 1 && (awaitingReplacement || !failedForAMoment.isEmpty());
        CompletableFuture<Void> ready = paused
                ? CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(PAUSE.toMillis(), TimeUnit.MILLISECONDS))
                : CompletableFuture.completedFuture(null);
        return ready.thenCompose(waited -> account.adapter().openOrders()).handle((open, failure) -> {
            if (paused) {
                awaitingReplacement = false;
            }
            if (failure != null) {
                failures.add(account.accountId() + ": open orders could not be listed: " + StandardBrokerError.from(failure).getMessage());
                return finish(List.of());
            }
            List<OrderResult> toCancel = open.stream().filter(order -> !done.contains(order.brokerOrderId())).toList();
            Set<String> listed = toCancel.stream().map(OrderResult::brokerOrderId).collect(Collectors.toSet());
            failedForAMoment.entrySet().removeIf(unanswered -> {
                if (listed.contains(unanswered.getKey())) {
                    return false;
                }
                // no longer open: it ended, but not by a cancel the broker answered
                failures.add(account.accountId() + ": the cancel of " + unanswered.getKey() + " was not confirmed (" + unanswered.getValue()
                        + ") and the order is no longer listed open: it may have filled; look at broker:order-status "
                        + account.accountId() + " " + unanswered.getKey());
                return true;
            });
            if (pass > PASSES || toCancel.isEmpty() && !awaitingReplacement) {
                return finish(toCancel);
            }
            List<CompletableFuture<?>> cancels = new ArrayList<>();
            for (OrderResult order : toCancel) {
                cancels.add(account.adapter().cancelOrder(order.brokerOrderId()).toCompletableFuture()
                        .handle((result, error) -> record(order, result, error)));
            }
            return CompletableFuture.allOf(cancels.toArray(CompletableFuture[]::new)).thenCompose(sent -> pass(pass + 1));
        }).thenCompose(next -> next);
    }

    /** Says what is left: orders still listed, cancels that kept failing, and, after a replace, where to look. */
    private CompletableFuture<Void> finish(List<OrderResult> stillOpen) {
        List<String> untried = stillOpen.stream().map(OrderResult::brokerOrderId).filter(id -> !failedForAMoment.containsKey(id)).toList();
        if (!untried.isEmpty()) {
            failures.add(account.accountId() + ": still open after " + PASSES + " rounds of cancels: " + untried + ": cancel them at the broker");
        }
        failedForAMoment.forEach((id, why) -> failures.add(account.accountId() + ": the cancel of " + id + " did not go through (last: "
                + why + "): cancel it at the broker"));
        if (replaced.get() > 0) {
            // which new order replaced which is not in a cancel's answer: the operator is told to look, not assured
            failures.add(account.accountId() + ": " + replaced.get() + " order(s) were replaced before their cancel reached the broker; "
                    + "the orders listed open afterwards were cancelled: look at broker:orders --account " + account.accountId()
                    + " to be sure nothing that replaced them is open");
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Names an order cancelled only when the broker's answer says so; anything else is said as it is. */
    private Void record(OrderResult order, OrderResult result, Throwable error) {
        String id = order.brokerOrderId();
        String named = account.accountId() + " " + id + " (" + order.instrument() + ")";
        if (error != null) {
            StandardBrokerError failure = StandardBrokerError.from(error);
            ErrorCategory category = failure.code().category();
            if (category == ErrorCategory.CONNECTIVITY || category == ErrorCategory.THROTTLING
                    || category == ErrorCategory.UNKNOWN_OUTCOME) {
                // a cancel sent again does no harm: the next pass sends it again if the order is still listed
                failedForAMoment.put(id, failure.getMessage());
                return null;
            }
            failures.add(account.accountId() + ": cancel of " + id + " failed: " + failure.getMessage());
        } else if (result.replaced()) {
            // what replaced it is a new order, listed open in a later pass (after a pause) and cancelled there
            replaced.incrementAndGet();
            awaitingReplacement = true;
        } else if (result.status() == OrderStatus.CANCELLED) {
            cancelled.add(named);
        } else {
            failures.add(named + " was not cancelled: the broker answered it " + result.status()
                    + (result.filledUnits().signum() > 0 ? " with " + result.filledUnits().toPlainString() + " filled" : "")
                    + (result.status() == OrderStatus.ACCEPTED ? " (the cancel may still be pending)" : ""));
        }
        failedForAMoment.remove(id);
        done.add(id);
        return null;
    }
}
