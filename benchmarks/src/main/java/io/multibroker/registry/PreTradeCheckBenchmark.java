package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.OrderResult;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.risk.BenchmarkRisk;
import io.multibroker.risk.RiskEngine;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the pre-trade checks on the order path: an order placed through the registry's metered handle on an
 * adapter that answers at once, without the risk layer and with it (every limit but the order rates set), and the
 * check and its answer alone. Sample time, so that JMH gives the p99; run with {@code -prof gc} for the allocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PreTradeCheckBenchmark {

    @Param({"none", "risk"})
    String gate;

    private BrokerRegistryImpl registry;
    private RiskEngine engine;
    private BrokerAdapter handle;
    private final UnifiedOrder buy = UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("1000"), new BigDecimal("1.10010"))
            .clientOrderId("bench-buy").build();
    private final UnifiedOrder sell = UnifiedOrder.limit("EUR_USD", OrderSide.SELL, new BigDecimal("1000"), new BigDecimal("1.09990"))
            .clientOrderId("bench-sell").build();
    private OrderResult answer;
    private boolean buying;

    @Setup(Level.Trial)
    public void start() throws Exception {
        registry = BenchmarkRegistry.withAccounts(1, i -> new NoOpAdapter("acc-" + i));
        handle = registry.account("acc-0").orElseThrow().adapter();
        engine = BenchmarkRisk.engine(registry, Files.createTempDirectory("risk-bench"), "acc-0");
        if (gate.equals("risk")) {
            registry.usePreTradeCheck(engine);
        }
        answer = handle.placeOrder(buy).toCompletableFuture().join();
        if (answer.error() != null) {
            throw new IllegalStateException("the benchmark's order is refused: " + answer.error());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        BenchmarkRisk.stop(engine);
        registry.deactivate();
    }

    /** An order through the metered handle (no journal): with {@code gate=risk} it is checked first. */
    @Benchmark
    public OrderResult placeOrder() {
        buying = !buying;
        return handle.placeOrder(buying ? buy : sell).toCompletableFuture().join();
    }

    /** The check and the answer alone, as the handle calls them for an order that passes (its {@code gate} is ignored). */
    @Benchmark
    public boolean checkAndAnswer() {
        buying = !buying;
        UnifiedOrder order = buying ? buy : sell;
        boolean passed = engine.check("acc-0", order).isEmpty();
        engine.answered("acc-0", order, answer);
        return passed;
    }
}
