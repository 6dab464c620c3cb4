package io.multibroker.abtest;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.risk.PreTradeCheck;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingRequest;
import io.multibroker.api.routing.RoutingStrategy;
import io.multibroker.api.support.Threads;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.LoggerFactory;

/**
 * Chooses the account for an order among those that can take it (capability, time in force, instrument
 * and its limits, health, as the registry judges), places it through the registry's metered handle, and
 * says which account took it and by which strategy. An order that no account can take is REJECTED
 * before any broker call, with every account's reason.
 */
@Component(service = OrderRouter.class)
public final class OrderRouterImpl implements OrderRouter {

    /** The window whose median placeOrder latency ranks accounts for LOWEST_LATENCY and FAILOVER. */
    static final Duration RECENT = Duration.ofMinutes(5);

    private final BrokerRegistry registry;
    private final Clock clock;
    /**
     * Completes experiment orders once their outcome is committed, so that callers' continuations run
     * neither on the adapter's threads nor on the outcome store's single writer.
     */
    private final ExecutorService completions;
    private static final int COMPLETION_THREADS = 2;
    private final Map<String, ExperimentComponent> experiments = new ConcurrentHashMap<>();

    @Activate
    public OrderRouterImpl(@Reference BrokerRegistry registry) {
        this(registry, Clock.systemUTC());
    }

    OrderRouterImpl(BrokerRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        // after shutdown a completion runs on the thread that finished the write: an order's answer is never dropped
        this.completions = new ThreadPoolExecutor(COMPLETION_THREADS, COMPLETION_THREADS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Threads.numbered("multibroker-router-completion"), (task, pool) -> task.run());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindExperiment(ExperimentComponent experiment) {
        experiments.put(experiment.info().name(), experiment);
    }

    void unbindExperiment(ExperimentComponent experiment) {
        experiments.remove(experiment.info().name(), experiment);
    }

    /** Where experiment outcomes go; an optional service, injected and withdrawn by DS as it comes and goes. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile OutcomeStore outcomes;

    /**
     * The risk layer's gate, when installed: an account whose trading state refuses the order (HALTED, or REDUCING and the
     * order does not reduce) is passed over like one that lacks a capability, so that an experiment overrides to the next arm.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PreTradeCheck preTradeCheck;

    /** Whether the account can take the order now: the registry's judgement, then the trading state's. */
    private boolean takes(String accountId, UnifiedOrder order) {
        if (registry.refusal(accountId, order).isPresent()) {
            return false;
        }
        PreTradeCheck gate = preTradeCheck;
        return gate == null || gate.stateRefusal(accountId, order).isEmpty();
    }

    /**
     * The accounts whose trading state lets the order through, in their order; all of them when none does, so that the
     * chosen account's handle refuses the order where the refusal is counted and journalled.
     */
    private List<BrokerAccount> admitted(List<BrokerAccount> accounts, UnifiedOrder order) {
        PreTradeCheck gate = preTradeCheck;
        if (gate == null) {
            return accounts;
        }
        List<BrokerAccount> admitted = accounts.stream().filter(account -> gate.stateRefusal(account.accountId(), order).isEmpty()).toList();
        return admitted.isEmpty() ? accounts : admitted;
    }

    /**
     * The account chosen for an order, or why none was; for an experiment also the arm and whether the
     * assigned arm had to be overridden because it could not take the order.
     */
    record Decision(BrokerAccount account, ErrorDetail refusal, RoutingStrategy strategy, String experiment,
            String arm, boolean override) {
        static Decision of(BrokerAccount account) {
            return new Decision(account, null, null, null, null, false);
        }

        static Decision refused(ErrorDetail refusal) {
            return new Decision(null, refusal, null, null, null, false);
        }
    }

    /** How the order was routed, in words for the journal: {@code explicit}, {@code experiment demo arm paper-fast (override)}. */
    static String routingNote(RoutingStrategy strategy, String experiment, Decision decision) {
        StringBuilder note = new StringBuilder(strategy == null ? "router" : strategy.name().toLowerCase(Locale.ROOT));
        if (experiment != null) {
            note.append(' ').append(experiment);
        }
        if (decision.arm() != null) {
            note.append(" arm ").append(decision.arm()).append(decision.override() ? " (override)" : "");
        }
        return note.toString();
    }

    @Override
    public CompletionStage<RoutedOrderResult> submit(UnifiedOrder order, RoutingRequest routing) {
        Decision decision = decide(order, routing);
        RoutingStrategy strategy = decision.strategy() == null ? routing.strategy() : decision.strategy();
        String experiment = decision.strategy() == null ? routing.experiment() : decision.experiment();
        if (decision.refusal() != null) {
            ErrorDetail refusal = decision.refusal().withContext(new ErrorContext(routing.accountId(), order.orderId(),
                    order.clientOrderId(), order.instrument(), null));
            return CompletableFuture.completedFuture(new RoutedOrderResult(OrderResult.rejected(routing.accountId(), order, refusal,
                    clock.instant()), null, strategy, experiment, null, false));
        }
        BrokerAccount account = decision.account();
        OutcomeStore store = outcomes;
        if (decision.arm() != null && store == null) {
            // an experiment order whose outcome could not be kept would bias the comparison unseen: refuse it first
            return CompletableFuture.completedFuture(new RoutedOrderResult(OrderResult.rejected(account.accountId(), order,
                    ErrorDetail.of(ErrorCode.CONFIGURATION_INVALID, "the experiment outcome store is not available"), clock.instant()),
                    null, strategy, experiment, null, false));
        }
        long start = System.nanoTime();
        // the routing goes into the order journal with the order's intent, before the order leaves
        CompletableFuture<OrderResult> placed = account.adapter().placeOrder(order, routingNote(strategy, experiment, decision))
                .toCompletableFuture();
        if (decision.arm() == null) {
            return placed.thenApply(result -> new RoutedOrderResult(result, account.accountId(), strategy, experiment, null, false));
        }
        // the latency ends when the broker answers, on the adapter's thread; the outcome is then queued for the
        // store's writer, and the answer given once it is committed, on the router's own threads
        return placed.thenApply(result -> new Answered(result, System.nanoTime() - start)).thenCompose(answered -> {
            OrderResult result = answered.result();
            if (isDuplicate(result) || isRiskRefusal(result)) {
                // a resent client order id: the order it repeats has its outcome already, and this refusal says
                // nothing about the arm (counting it would inflate the arm's reject rate); nor does the risk layer's refusal
                return CompletableFuture.completedFuture(result);
            }
            Outcome outcome;
            try {
                outcome = new Outcome(experiment, decision.arm(), decision.override(), order.clientOrderId(), result.status().name(),
                        answered.latencyNanos(), result.fillRatio(), slippagePips(account, order, result),
                        result.error() == null ? null : result.error().code().name(), clock.instant());
            } catch (RuntimeException e) {
                // the order went through whatever its outcome record makes of it: its answer is never lost to that
                LoggerFactory.getLogger(OrderRouterImpl.class).error("experiment outcome of {} not recorded: {}",
                        order.clientOrderId(), e.toString());
                return CompletableFuture.completedFuture(result);
            }
            return store.append(outcome).handle((committed, failure) -> {
                if (failure != null) {
                    // the order itself went through: its answer is given; the comparison misses one outcome, said loudly
                    LoggerFactory.getLogger(OrderRouterImpl.class).error("experiment outcome not stored: {} ({})", outcome,
                            failure.toString());
                }
                return result;
            });
        }).thenApplyAsync(result -> new RoutedOrderResult(result, account.accountId(), strategy, experiment, decision.arm(),
                decision.override()), completions);
    }

    private static boolean isRiskRefusal(OrderResult result) {
        return result.error() != null && result.error().code() == ErrorCode.RISK_LIMIT_EXCEEDED;
    }

    private static boolean isDuplicate(OrderResult result) {
        return result.error() != null && result.error().code() == ErrorCode.DUPLICATE_CLIENT_ORDER_ID;
    }

    private record Answered(OrderResult result, long latencyNanos) {
    }

    /** Lets the answers already on their way finish. */
    @Deactivate
    void deactivate() throws InterruptedException {
        completions.shutdown();
        if (!completions.awaitTermination(30, TimeUnit.SECONDS)) {
            LoggerFactory.getLogger(OrderRouterImpl.class).error("experiment orders still being answered after 30 s");
        }
    }

    private static BigDecimal slippagePips(BrokerAccount account, UnifiedOrder order, OrderResult result) {
        if (order.referencePrice() == null || result.averageFillPrice() == null) {
            return null;
        }
        return account.capabilities().instrument(order.instrument()).map(instrument -> result.averageFillPrice()
                .subtract(order.referencePrice()).multiply(BigDecimal.valueOf(order.side().sign()))
                .divide(instrument.pip(), 6, RoundingMode.HALF_EVEN)).orElse(null);
    }

    // package-private for the routing benchmark, which measures the decision apart from the durable outcome write
    Decision decide(UnifiedOrder order, RoutingRequest routing) {
        return switch (routing.strategy()) {
            case EXPLICIT -> explicit(order, routing.accountId());
            case CAPABILITY -> first(order, admitted(registry.eligibleAccounts(order), order));
            case LOWEST_LATENCY -> first(order, admitted(byRecentLatency(registry.eligibleAccounts(order)), order));
            case FAILOVER -> failover(order, routing.accountId());
            case EXPERIMENT -> experiment(order, routing.experiment());
        };
    }

    /**
     * The arm the order's client order id hashes to; when that account cannot take the order (capability,
     * instrument, health), the first arm that can, marked as an override so that it stays out of the
     * comparison. An order outside the experiment's filter is routed by capability and is not part of it.
     */
    private Decision experiment(UnifiedOrder order, String name) {
        ExperimentComponent experiment = experiments.get(name);
        if (experiment == null) {
            return Decision.refused(ErrorDetail.of(ErrorCode.CONFIGURATION_INVALID, "no experiment named " + name
                    + " (experiments: " + String.join(", ", new TreeSet<>(experiments.keySet())) + ")"));
        }
        if (!experiment.info().running()) {
            return Decision.refused(ErrorDetail.of(ErrorCode.CONFIGURATION_INVALID, "experiment " + name + " is stopped"));
        }
        if (!experiment.covers(order)) {
            Decision byCapability = first(order, registry.eligibleAccounts(order));
            return new Decision(byCapability.account(), byCapability.refusal(), RoutingStrategy.CAPABILITY, null, null, false);
        }
        // the common path checks the assigned arm alone and allocates nothing but the decision
        String assigned = experiment.assignedArm(order);
        if (takes(assigned, order)) {
            return new Decision(registry.requireAccount(assigned), null, RoutingStrategy.EXPERIMENT, name, assigned, false);
        }
        for (String arm : experiment.armOrder()) {
            if (takes(arm, order)) {
                return new Decision(registry.requireAccount(arm), null, RoutingStrategy.EXPERIMENT, name, arm, true);
            }
        }
        if (registry.refusal(assigned, order).isEmpty()) {
            // every arm's trading state refuses: the assigned arm's handle refuses the order, where it is counted and journalled
            return new Decision(registry.requireAccount(assigned), null, RoutingStrategy.EXPERIMENT, name, assigned, false);
        }
        Map<String, ErrorDetail> ineligible = registry.ineligibleAccounts(order);
        String why = experiment.armOrder().stream().map(arm -> arm + ": " + (ineligible.containsKey(arm) ? ineligible.get(arm).message()
                : "not registered")).collect(Collectors.joining("; "));
        ErrorCode code = ineligible.getOrDefault(assigned, ErrorDetail.of(ErrorCode.BROKER_UNAVAILABLE, "")).code();
        return new Decision(null, ErrorDetail.of(code, "no arm of experiment " + name + " can take this order (" + why + ")"),
                RoutingStrategy.EXPERIMENT, name, null, false);
    }

    private Decision explicit(UnifiedOrder order, String accountId) {
        if (registry.account(accountId).isEmpty()) {
            return Decision.refused(ErrorDetail.of(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + accountId + " is registered"));
        }
        ErrorDetail reason = registry.ineligibleAccounts(order).get(accountId);
        return reason != null ? Decision.refused(reason) : Decision.of(registry.requireAccount(accountId));
    }

    /** The named account while it can take the order; otherwise the eligible account with the lowest recent latency. */
    private Decision failover(UnifiedOrder order, String preferred) {
        List<BrokerAccount> eligible = admitted(registry.eligibleAccounts(order), order);
        return eligible.stream().filter(a -> a.accountId().equals(preferred)).findFirst().map(Decision::of)
                .orElseGet(() -> first(order, byRecentLatency(eligible)));
    }

    private Decision first(UnifiedOrder order, List<BrokerAccount> candidates) {
        return candidates.isEmpty() ? Decision.refused(noAccountCanTake(order)) : Decision.of(candidates.get(0));
    }

    /**
     * Accounts by the median placeOrder latency of the last five minutes, fastest first. An account with no
     * recent order sorts first, so that it gets measured instead of never being chosen.
     */
    private List<BrokerAccount> byRecentLatency(List<BrokerAccount> accounts) {
        Instant since = clock.instant().minus(RECENT);
        Map<String, Duration> median = new HashMap<>();
        for (BrokerAccount account : accounts) {
            OperationMetrics placed = account.metrics(since).operations().get("placeOrder");
            median.put(account.accountId(), placed == null || placed.calls() == 0 ? Duration.ZERO : placed.p50());
        }
        return accounts.stream().sorted(Comparator.comparing((BrokerAccount a) -> median.get(a.accountId()))
                .thenComparing(BrokerAccount::accountId)).toList();
    }

    /** Why no account can take the order: the most common reason's code, and every account's reason in words. */
    private ErrorDetail noAccountCanTake(UnifiedOrder order) {
        Map<String, ErrorDetail> reasons = registry.ineligibleAccounts(order);
        if (reasons.isEmpty()) {
            return ErrorDetail.of(ErrorCode.BROKER_UNAVAILABLE, "no broker account is registered");
        }
        ErrorCode code = reasons.values().stream().collect(Collectors.groupingBy(ErrorDetail::code, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.<ErrorCode, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
        String why = reasons.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().message()).collect(Collectors.joining("; "));
        return ErrorDetail.of(code, "no account can take this order (" + why + ")");
    }
}
