package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.error.ErrorCategory;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorContext;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.LatencyMinute;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderStatus;
import io.multibroker.api.model.PriceTick;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.support.Threads;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of one account's calls: each operation's latency and outcomes by error code, the orders' fills and
 * slippage (in pips against the price the caller saw), and the observer told of every call's end. A failure of any kind is counted as the {@link StandardBrokerError}
 * it stands for.
 */
final class CallMeters {

    private static final Logger LOG = LoggerFactory.getLogger(CallMeters.class);

    private final BrokerAdapter adapter;
    private final MeteredBrokerAdapter.CallObserver observer;
    private final Map<String, OperationMeter> meters = new ConcurrentHashMap<>();
    private final Instant start = Instant.now();
    private final OrderMeter orders = new OrderMeter(start);

    CallMeters(BrokerAdapter adapter, MeteredBrokerAdapter.CallObserver observer) {
        this.adapter = adapter;
        this.observer = observer;
    }

    /** Everything measured from {@code since} to now. */
    AccountMetrics metrics(Instant since) {
        Instant now = Instant.now();
        Map<String, OperationMetrics> operations = new TreeMap<>();
        Map<ErrorCategory, Long> byCategory = new EnumMap<>(ErrorCategory.class);
        meters.forEach((name, meter) -> {
            OperationMetrics metrics = meter.snapshot(since, now);
            operations.put(name, metrics);
            metrics.errors().forEach((code, count) -> byCategory.merge(code.category(), count, Long::sum));
        });
        return new AccountMetrics(adapter.accountId(), adapter.brokerType(), since.isBefore(start) ? start : since, now, operations,
                orders.snapshot(since, now), byCategory);
    }

    /** The operation's latency in each minute of the last hour that had calls; empty for an operation never called. */
    List<LatencyMinute> latencyByMinute(String operation) {
        OperationMeter meter = meters.get(operation);
        return meter == null ? List.of() : meter.byMinute(Instant.now());
    }

    private OperationMeter meter(String operation) {
        return meters.computeIfAbsent(operation, name -> new OperationMeter(name, start));
    }

    /** A call that ended well after {@code nanos}. */
    void succeeded(String operation, long nanos) {
        meter(operation).success(nanos);
        observer.completed(operation, null);
    }

    /** A call that failed with {@code error} after {@code nanos} (0 for one refused before it was made). */
    void failed(String operation, long nanos, ErrorDetail error) {
        meter(operation).failure(nanos, error.code());
        observer.completed(operation, error);
    }

    /** A call refused before it was made, not told to the observer. */
    void refusedUntold(String operation, ErrorCode code) {
        meter(operation).failure(0, code);
    }

    /**
     * A placement's answer after {@code nanos}: counted by its status (REJECTED and UNKNOWN as failures) and with its
     * slippage; handed back as it is.
     */
    OrderResult placed(String operation, UnifiedOrder order, OrderResult outcome, long nanos) {
        BigDecimal slippage;
        try {
            slippage = slippagePips(order, outcome);
        } catch (RuntimeException e) {
            // the order's answer matters more than its slippage figure: an adapter failing here must not lose it
            LOG.warn("account {}: no slippage for order {} ({})", adapter.accountId(), outcome.clientOrderId(), e.toString());
            slippage = null;
        }
        orders.record(Instant.now(), outcome.status(), slippage);
        if (outcome.status() == OrderStatus.REJECTED || outcome.status() == OrderStatus.UNKNOWN) {
            failed(operation, nanos, outcome.error());
        } else {
            succeeded(operation, nanos);
        }
        return outcome;
    }

    /** Slippage of a fill against the price the caller saw, in pips, positive when it went against the caller; null when unknown. */
    private BigDecimal slippagePips(UnifiedOrder order, OrderResult outcome) {
        if (order.referencePrice() == null || outcome.averageFillPrice() == null) {
            return null;
        }
        Optional<Instrument> instrument = adapter.capabilities().instrument(order.instrument());
        if (instrument.isEmpty()) {
            return null;
        }
        BigDecimal against = outcome.averageFillPrice().subtract(order.referencePrice()).multiply(BigDecimal.valueOf(order.side().sign()));
        return against.divide(instrument.get().pip(), 3, RoundingMode.HALF_EVEN);
    }

    /** Times the call and counts its outcome; a call that throws is a failed stage. */
    <T> CompletionStage<T> timed(String operation, Supplier<CompletionStage<T>> call) {
        long start = System.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(asBrokerError(e));
        }
        return stage.handle((value, failure) -> {
            long nanos = System.nanoTime() - start;
            if (failure == null) {
                succeeded(operation, nanos);
                return CompletableFuture.completedFuture(value);
            }
            StandardBrokerError error = asBrokerError(failure);
            ErrorContext context = error.context().accountId() == null ? error.context().withAccount(adapter.accountId()) : error.context();
            failed(operation, nanos, error.detail().withContext(context));
            return CompletableFuture.<T>failedFuture(error);
        }).thenCompose(stageOfValue -> stageOfValue);
    }

    /** A failure as the broker error it stands for; an adapter's own exception is an UNKNOWN_ERROR naming the adapter. */
    StandardBrokerError asBrokerError(Throwable failure) {
        StandardBrokerError error = StandardBrokerError.from(failure);
        if (error.code() == ErrorCode.UNKNOWN_ERROR && !(Threads.unwrap(failure) instanceof StandardBrokerError)) {
            return new StandardBrokerError(new ErrorDetail(ErrorCode.UNKNOWN_ERROR, false, null,
                    "adapter " + adapter.brokerType() + " failed: " + Threads.unwrap(failure), ErrorContext.account(adapter.accountId())), failure);
        }
        return error;
    }

    /** The prices of {@code source}: each tick delivered counts as a call whose latency is the tick's age on delivery. */
    Flow.Publisher<PriceTick> metered(String operation, Flow.Publisher<PriceTick> source) {
        return subscriber -> source.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(PriceTick tick) {
                Instant now = Instant.now();
                long age = Duration.between(tick.time(), now).toNanos();
                meter(operation).record(now, age, null);
                subscriber.onNext(tick);
            }

            @Override
            public void onError(Throwable failure) {
                StandardBrokerError error = asBrokerError(failure);
                meter(operation).record(Instant.now(), 0, error.code());
                observer.completed(operation, error.detail());
                subscriber.onError(error);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
