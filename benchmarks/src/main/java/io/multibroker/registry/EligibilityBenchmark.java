package io.multibroker.registry;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.util.List;
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

/** The eligible accounts for an order, with 10, 100 and 1,000 accounts registered: how the lookup grows. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EligibilityBenchmark {

    @Param({"10", "100", "1000"})
    int accounts;

    /** true: every account shares one capabilities object, which shows how much of the growth is the CPU caches. */
    @Param({"false", "true"})
    boolean sharedCapabilities;

    private BrokerRegistryImpl registry;
    private final UnifiedOrder order = UnifiedOrder.market("EUR_USD", OrderSide.BUY, BigDecimal.TEN).clientOrderId("bench").build();

    @Setup(Level.Trial)
    public void start() throws InterruptedException {
        registry = BenchmarkRegistry.withAccounts(accounts, i -> new NoOpAdapter("acc-" + i, sharedCapabilities));
    }

    @TearDown(Level.Trial)
    public void stop() {
        registry.deactivate();
    }

    @Benchmark
    public List<BrokerAccount> eligibleAccounts() {
        return registry.eligibleAccounts(order);
    }
}
