package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.metrics.OrderMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "metrics", description = "Compares accounts on measured performance: latency percentiles, throughput and errors per operation, fill rate and slippage")
@Service
public class MetricsCommand extends BrokerCommand {

    @Option(name = "--since", description = "The window: a span (30s, 15m, 1h) or an instant; exact to the minute within the last hour; default: since registration")
    String since;

    @Option(name = "--operation", description = "Only this operation (placeOrder, cancelOrder, accountSummary, priceStream, ...)")
    String operation;

    @Option(name = "--account", description = "Only this account")
    @Completion(AccountCompleter.class)
    String account;

    @Override
    protected Object run() throws Exception {
        Instant from = Since.parse(since, Instant.now());
        List<AccountMetrics> all = new ArrayList<>();
        for (BrokerAccount a : registry.accounts()) {
            if (account == null || a.accountId().equals(account)) {
                all.add(a.metrics(from));
            }
        }
        if (account != null && all.isEmpty()) {
            throw new IllegalArgumentException("--account " + account + ": no account of that name is registered (broker:list lists them)");
        }
        SortedSet<String> operations = new TreeSet<>();
        all.forEach(m -> operations.addAll(m.operations().keySet()));
        if (operation != null && !operations.contains(operation)) {
            // an operation measured before the window is a name worth asking for: its table is just empty now
            SortedSet<String> ever = new TreeSet<>();
            registry.accounts().stream().filter(a -> account == null || a.accountId().equals(account))
                    .forEach(a -> ever.addAll(a.metrics(Instant.EPOCH).operations().keySet()));
            if (!ever.contains(operation)) {
                throw new IllegalArgumentException("--operation " + operation + ": no calls of it were ever measured"
                        + (account == null ? "" : " at " + account) + " (measured: " + String.join(", ", ever) + ")");
            }
        }
        if (json) {
            printJson(all);
            return null;
        }
        ShellTable calls = new ShellTable();
        calls.column("Operation");
        calls.column("Account");
        calls.column("Calls").alignRight();
        calls.column("Per s").alignRight();
        calls.column("Errors").alignRight();
        calls.column("p50 ms").alignRight();
        calls.column("p90 ms").alignRight();
        calls.column("p99 ms").alignRight();
        calls.column("p99.9 ms").alignRight();
        calls.column("Max ms").alignRight();
        // operation first, so that the same operation of every account stands together
        for (String op : operations) {
            if (operation != null && !operation.equals(op)) {
                continue;
            }
            for (AccountMetrics metrics : all) {
                OperationMetrics m = metrics.operations().get(op);
                if (m != null) {
                    calls.addRow().addContent(op, metrics.accountId(), m.calls(), Formats.perSecond(m.throughputPerSecond()),
                            Formats.percent(m.errorRate()), Formats.millis(m.p50()), Formats.millis(m.p90()), Formats.millis(m.p99()),
                            Formats.millis(m.p999()), Formats.millis(m.max()));
                }
            }
        }
        calls.print(out());
        out().println();
        ShellTable orders = new ShellTable();
        orders.column("Account");
        orders.column("Orders").alignRight();
        orders.column("Fill rate").alignRight();
        orders.column("Reject rate").alignRight();
        orders.column("Slippage samples").alignRight();
        orders.column("Mean slippage (pips)").alignRight();
        orders.column("Worst slippage (pips)").alignRight();
        orders.column("Errors by category");
        for (AccountMetrics metrics : all) {
            OrderMetrics o = metrics.orders();
            orders.addRow().addContent(metrics.accountId(), o.orders(), Formats.percent(o.fillRate()),
                    Formats.percent(o.rejectRate()), o.slippageSamples(), Formats.pips(o.meanSlippagePips()),
                    Formats.pips(o.worstSlippagePips()), metrics.errorsByCategory().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        }
        orders.print(out());
        if (!all.isEmpty()) {
            out().println("window: " + Formats.time(all.get(0).from()) + " to " + Formats.time(all.get(0).to())
                    + "; slippage is against the price the caller saw, positive = worse for the caller");
        }
        return null;
    }

}
