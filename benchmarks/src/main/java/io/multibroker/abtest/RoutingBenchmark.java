package io.multibroker.abtest;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingRequest;
import io.multibroker.api.routing.RoutingStrategy;
import io.multibroker.registry.BenchmarkRegistry;
import io.multibroker.registry.BrokerRegistryImpl;
import io.multibroker.registry.NoOpAdapter;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An order to a no-op adapter: directly (the baseline), through the router by explicit account and by
 * capability (the whole submit path, metering included), and the experiment split's decision (the arm for a
 * client order id, checked against eligibility; the durable outcome write is measured apart in
 * {@link OutcomeWriteBenchmark}). Sample time gives the percentiles; run with {@code -prof gc} for allocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutingBenchmark {

    private BrokerRegistryImpl registry;
    private BrokerAdapter direct;
    private OrderRouterImpl router;
    private final UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId("bench-order-42").build();
    private final RoutingRequest explicit = RoutingRequest.explicit("acc-0");
    private final RoutingRequest capability = RoutingRequest.of(RoutingStrategy.CAPABILITY);
    private final RoutingRequest experiment = RoutingRequest.experiment("bench");

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
        direct = new NoOpAdapter("direct");
        registry = BenchmarkRegistry.withAccounts(2, i -> new NoOpAdapter("acc-" + i));
        router = new OrderRouterImpl(registry, Clock.systemUTC());
        router.bindExperiment(new ExperimentComponent(new BenchmarkExperimentConfig("bench", "acc-0=50", "acc-1=50")));
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        router.deactivate();
        BenchmarkRegistry.stop(registry);
    }

    @Benchmark
    public OrderResult directToTheAdapter() {
        return direct.placeOrder(order).toCompletableFuture().join();
    }

    @Benchmark
    public RoutedOrderResult routedExplicitly() {
        return router.submit(order, explicit).toCompletableFuture().join();
    }

    @Benchmark
    public RoutedOrderResult routedByCapability() {
        return router.submit(order, capability).toCompletableFuture().join();
    }

    @Benchmark
    public Object experimentSplitDecision() {
        return router.decide(order, experiment);
    }
}
