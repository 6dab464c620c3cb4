package io.multibroker.console;

import io.multibroker.api.quality.ExecutionQuality;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.QualityQuery;
import io.multibroker.api.quality.QualitySummary;
import io.multibroker.api.quality.QualitySummary.LimitOrderMeans;
import io.multibroker.api.quality.QualitySummary.MarkoutMean;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "tca", description = "Execution quality of the fills per account and instrument, side by side: "
        + "effective spread, E/Q, price improvement and markouts at 1 s, 5 s and 60 s against the reference prices; and of the limit "
        + "orders: share filled, fill ratio, time to fill and implementation shortfall")
@Service
public class TcaCommand extends BrokerCommand {

    @Option(name = "--account", description = "Only this account")
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--instrument", description = "Only this instrument")
    String instrument;

    @Option(name = "--since", description = "Only fills since: a span (30s, 15m, 2h, 1d) or an instant; default: all")
    String since;

    @Override
    protected Object run() throws Exception {
        // looked up, not injected, so that the command is there (and says what is missing) without the quality feature
        ExecutionQuality quality = optionalService(ExecutionQuality.class)
                .orElseThrow(() -> new IllegalStateException("execution quality is not running (feature multibroker-quality)"));
        Instant from = since == null ? null : Since.parse(since, Instant.now());
        List<QualitySummary> summaries = quality.summary(new QualityQuery(account, instrument, null, from, 0));
        if (json) {
            printJson(summaries);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Instrument");
        table.column("Fills").alignRight();
        table.column("Quoted").alignRight();
        table.column("Eff. spread (pips)").alignRight();
        table.column("Eff. spread (bp)").alignRight();
        table.column("E/Q").alignRight();
        table.column("Improvement (pips)").alignRight();
        for (String horizon : List.of("1s", "5s", "60s")) {
            table.column("Markout " + horizon + " (pips)").alignRight();
        }
        table.column("Markouts (measured/gap/pending)");
        for (QualitySummary s : summaries) {
            Object[] row = new Object[12];
            row[0] = s.accountId();
            row[1] = s.instrument();
            row[2] = s.fills();
            row[3] = s.quoted();
            row[4] = s.effectiveSpread() == null ? "" : figure(s.effectiveSpread().pips());
            row[5] = s.effectiveSpread() == null ? "" : figure(s.effectiveSpread().bp());
            row[6] = figure(s.effectiveOverQuoted());
            row[7] = s.priceImprovement() == null ? "" : figure(s.priceImprovement().pips());
            StringBuilder counts = new StringBuilder();
            for (int i = 0; i < s.markouts().size() && i < 3; i++) {
                MarkoutMean markout = s.markouts().get(i);
                Figure mean = markout.mean();
                row[8 + i] = mean == null ? "" : figure(mean.pips());
                counts.append(counts.length() == 0 ? "" : "  ").append(markout.horizon().id()).append(' ').append(markout.measured())
                        .append('/').append(markout.gaps()).append('/').append(markout.pending());
            }
            row[11] = counts.toString();
            table.addRow().addContent(row);
        }
        table.print(out());
        if (summaries.isEmpty()) {
            out().println("no fills recorded" + (account == null && instrument == null && since == null ? "" : " for these filters"));
        }
        printLimitOrders(summaries);
        return null;
    }

    /** The limit orders that ended, when any did: how much of them filled, how fast, and what they cost against the arrival mid. */
    private void printLimitOrders(List<QualitySummary> summaries) {
        if (summaries.stream().allMatch(s -> s.limitOrders() == null)) {
            return;
        }
        out().println();
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Instrument");
        table.column("Limit orders").alignRight();
        table.column("Filled").alignRight();
        table.column("Fill ratio").alignRight();
        table.column("Time to fill (ms)").alignRight();
        table.column("Shortfall (pips)").alignRight();
        table.column("Shortfall (bp)").alignRight();
        table.column("Shortfalls (measured/gap/pending)");
        for (QualitySummary s : summaries) {
            LimitOrderMeans limits = s.limitOrders();
            if (limits == null) {
                continue;
            }
            Figure shortfall = limits.implementationShortfall();
            table.addRow().addContent(s.accountId(), s.instrument(), limits.orders(), Formats.percent(limits.filledShare()),
                    Formats.percent(limits.fillRatio()), figure(limits.timeToFillMillis()), shortfall == null ? "" : figure(shortfall.pips()),
                    shortfall == null ? "" : figure(shortfall.bp()), limits.measured() + "/" + limits.gaps() + "/" + limits.pending());
        }
        table.print(out());
        out().println("Limit orders that ended: the share with any fill, the mean of filled over ordered units, the mean time from "
                + "submission to the last fill, and the implementation shortfall per unit ordered against the arrival mid, the unfilled "
                + "part at what the mid moved by the horizon (lower is better; none while pending or when the prices had a gap then).");
    }

    /** Means to three decimals: a thousandth of a pip is below any broker's increment. */
    private static String figure(BigDecimal value) {
        return value == null ? "" : value.setScale(3, RoundingMode.HALF_EVEN).toPlainString();
    }
}
