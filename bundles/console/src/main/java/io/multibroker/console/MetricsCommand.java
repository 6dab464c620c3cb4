package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.metrics.AccountMetrics;
import io.multibroker.api.metrics.OperationMetrics;
import io.multibroker.api.metrics.OrderMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    public Object execute() throws Exception {
        Instant from = Since.parse(since, Instant.now());
        List<AccountMetrics> all = new ArrayList<>();
        for (BrokerAccount a : registry.accounts()) {
            if (account == null || a.accountId().equals(account)) {
                all.add(a.metrics(from));
            }
        }
        if (json) {
            printJson(all);
            return null;
        }
        ShellTable calls = new ShellTable();
        calls.column("Operation");
        calls.column("Account");
        calls.column("Calls");
        calls.column("Per s");
        calls.column("Errors %");
        calls.column("p50 ms");
        calls.column("p90 ms");
        calls.column("p99 ms");
        calls.column("p99.9 ms");
        calls.column("Max ms");
        // operation first, so that the same operation of every account stands together
        java.util.SortedSet<String> operations = new java.util.TreeSet<>();
        all.forEach(m -> operations.addAll(m.operations().keySet()));
        for (String op : operations) {
            if (operation != null && !operation.equals(op)) {
                continue;
            }
            for (AccountMetrics metrics : all) {
                OperationMetrics m = metrics.operations().get(op);
                if (m != null) {
                    calls.addRow().addContent(op, metrics.accountId(), m.calls(), format(m.throughputPerSecond()),
                            format(100 * m.errorRate()), millis(m.p50()), millis(m.p90()), millis(m.p99()), millis(m.p999()),
                            millis(m.max()));
                }
            }
        }
        calls.print(out());
        out().println();
        ShellTable orders = new ShellTable();
        orders.column("Account");
        orders.column("Orders");
        orders.column("Fill rate");
        orders.column("Reject rate");
        orders.column("Slippage samples");
        orders.column("Mean slippage (pips)");
        orders.column("Worst slippage (pips)");
        orders.column("Errors by category");
        for (AccountMetrics metrics : all) {
            OrderMetrics o = metrics.orders();
            orders.addRow().addContent(metrics.accountId(), o.orders(), percent(o.fillRate()), percent(o.rejectRate()),
                    o.slippageSamples(), plain(o.meanSlippagePips()), plain(o.worstSlippagePips()),
                    metrics.errorsByCategory().isEmpty() ? "" : metrics.errorsByCategory().toString());
        }
        orders.print(out());
        if (!all.isEmpty()) {
            out().println("window: " + all.get(0).from() + " to " + all.get(0).to()
                    + "; slippage is against the price the caller saw, positive = worse for the caller");
        }
        return null;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String percent(BigDecimal ratio) {
        return ratio.movePointRight(2).setScale(1, java.math.RoundingMode.HALF_EVEN).toPlainString() + " %";
    }
}
