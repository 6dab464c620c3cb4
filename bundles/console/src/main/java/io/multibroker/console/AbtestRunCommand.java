package io.multibroker.console;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutedOrderResult;
import io.multibroker.api.routing.RoutingRequest;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Routes a batch of market orders through an experiment, a given number at a time, so that an operator
 * (and {@code ./multibroker demo}) can see an experiment collect outcomes. Orders alternate buy and sell so
 * that the positions they leave stay small; each has a fresh client order id.
 */
@Command(scope = "abtest", name = "run", description = "Routes a batch of market orders through an experiment (for trying one out)")
@Service
public class AbtestRunCommand extends ExperimentCommand {

    static final int MAX_ORDERS = 100_000;
    static final int MAX_CONCURRENCY = 64;

    @Argument(index = 0, name = "name", required = true, description = "The experiment")
    @Completion(ExperimentCompleter.class)
    String name;

    @Argument(index = 1, name = "options", multiValued = true, description = "Options may also follow the name: --orders 3000 ...")
    java.util.List<String> trailingOptions;

    @Option(name = "--orders", description = "How many orders (default 1000, at most 100000)")
    int orders = 1000;

    @Option(name = "--instrument", description = "The instrument (default EUR_USD)")
    @Completion(InstrumentCompleter.class)
    String instrument = "EUR_USD";

    @Option(name = "--units", description = "Units per order (default 1)")
    String units = "1";

    @Option(name = "--concurrency", description = "Orders in flight at once (default 16, at most 64)")
    int concurrency = 16;

    @Reference
    OrderRouter router;

    @Override
    public Object execute() throws Exception {
        TrailingOptions given = new TrailingOptions(trailingOptions, java.util.Set.of("--orders", "--instrument", "--units", "--concurrency"),
                java.util.Set.of());
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments);
        }
        orders = number(given.get("--orders", null), "--orders", orders);
        concurrency = number(given.get("--concurrency", null), "--concurrency", concurrency);
        instrument = given.get("--instrument", instrument);
        units = given.get("--units", units);
        if (orders < 1 || orders > MAX_ORDERS) {
            throw new IllegalArgumentException("--orders=" + orders + ": must be between 1 and " + MAX_ORDERS);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency=" + concurrency + ": must be between 1 and " + MAX_CONCURRENCY);
        }
        BigDecimal quantity;
        try {
            quantity = new BigDecimal(units);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--units=" + units + ": not a number");
        }
        experiments.experiment(name).orElseThrow(() -> new IllegalArgumentException("no experiment named " + name));
        Map<String, LongAdder> byArmAndStatus = new ConcurrentHashMap<>();
        LongAdder failed = new LongAdder();
        Semaphore inFlight = new Semaphore(concurrency);
        String batch = name + "-run-" + Long.toString(System.currentTimeMillis(), 36);
        long started = System.nanoTime();
        for (int i = 0; i < orders; i++) {
            inFlight.acquire();
            UnifiedOrder order = UnifiedOrder.market(instrument, i % 2 == 0 ? OrderSide.BUY : OrderSide.SELL, quantity)
                    .clientOrderId(batch + "-" + i).build();
            CompletableFuture<RoutedOrderResult> routed = router.submit(order, RoutingRequest.experiment(name)).toCompletableFuture();
            routed.whenComplete((result, error) -> {
                if (error != null) {
                    failed.increment();
                } else {
                    String arm = result.accountId() == null ? "(none)" : result.accountId();
                    byArmAndStatus.computeIfAbsent(arm + " " + result.result().status(), k -> new LongAdder()).increment();
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(concurrency, 5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("orders still in flight after 5 minutes");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        out().printf("Routed %d orders through experiment %s in %.1f s%n", orders, name, millis / 1000.0);
        new TreeMap<>(byArmAndStatus).forEach((key, count) -> out().println("  " + key + ": " + count.sum()));
        if (failed.sum() > 0) {
            out().println("  failed before an answer: " + failed.sum());
        }
        return null;
    }

    private static int number(String text, String option, int current) {
        if (text == null) {
            return current;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + "=" + text + ": not a whole number");
        }
    }
}
