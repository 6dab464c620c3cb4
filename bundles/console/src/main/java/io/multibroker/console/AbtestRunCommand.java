package io.multibroker.console;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.OrderRouter;
import io.multibroker.api.routing.RoutingRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
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
    List<String> trailingOptions;

    @Option(name = "--orders", description = "How many orders (default 1000, at most 100000)")
    int orders = 1000;

    @Option(name = "--instrument", description = "The instrument (default EUR_USD)")
    @Completion(InstrumentCompleter.class)
    String instrument = "EUR_USD";

    @Option(name = "--units", description = "Units per order (default 1)")
    String units = "1";

    @Option(name = "--concurrency", description = "Orders in flight at once (default 16, at most 64)")
    int concurrency = 16;

    @Override
    protected Object run() throws Exception {
        TrailingOptions given = new TrailingOptions(trailingOptions, Set.of("--orders", "--instrument", "--units", "--concurrency"),
                Set.of());
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments);
        }
        orders = OptionValues.wholeNumber("--orders", given.get("--orders", String.valueOf(orders)), 1, MAX_ORDERS);
        concurrency = OptionValues.wholeNumber("--concurrency", given.get("--concurrency", String.valueOf(concurrency)), 1, MAX_CONCURRENCY);
        instrument = given.get("--instrument", instrument);
        units = given.get("--units", units);
        BigDecimal quantity = OptionValues.decimal("--units", units);
        ExperimentInfo experiment = experiments().experiment(name)
                .orElseThrow(() -> new IllegalArgumentException("no experiment named " + name));
        if (!experiment.running()) {
            // the router refuses every order of a stopped experiment: a run would only count them as errors
            throw new IllegalStateException("experiment " + name + " is stopped (abtest:stop): no order sent; set running = true in "
                    + "its configuration to route to it again");
        }
        OrderRouter router = abtestService(OrderRouter.class, "the order router");
        RunProgress progress = new RunProgress(out(), System::nanoTime, orders);
        Semaphore inFlight = new Semaphore(concurrency);
        String batch = name + "-run-" + Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < orders; i++) {
            // waits for a free slot a second at a time, so that progress is printed while orders are slow
            while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                progress.tick();
            }
            progress.tick();
            UnifiedOrder order = UnifiedOrder.market(instrument, i % 2 == 0 ? OrderSide.BUY : OrderSide.SELL, quantity)
                    .clientOrderId(batch + "-" + i).build();
            try {
                router.submit(order, RoutingRequest.experiment(name)).whenComplete((result, error) -> {
                    if (error != null) {
                        progress.failed();
                    } else {
                        progress.answered(result);
                    }
                    inFlight.release();
                });
            } catch (RuntimeException e) {
                progress.failed();
                inFlight.release();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!inFlight.tryAcquire(concurrency, 1, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("orders still in flight after 5 minutes");
            }
            progress.tick();
        }
        progress.summary(name);
        return null;
    }
}
