package io.multibroker.console;

import io.multibroker.api.routing.ExperimentMetric;
import io.multibroker.api.routing.ExperimentReport;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "abtest", name = "report", description = "An experiment's figures per arm, its tests, the sample ratio check and the verdict")
@Service
public class AbtestReportCommand extends ExperimentCommand {

    @Argument(index = 0, name = "name", required = true, description = "The experiment")
    @Completion(ExperimentCompleter.class)
    String name;

    @Argument(index = 1, name = "options", multiValued = true, description = "--json may also follow the name")
    List<String> trailingOptions;

    @Override
    protected Object run() throws Exception {
        json = json || new TrailingOptions(trailingOptions, Set.of(), Set.of("--json")).options.containsKey("--json");
        ExperimentReport report = experiments().report(name);
        if (json) {
            printJson(report);
            return null;
        }
        ShellTable arms = new ShellTable();
        arms.column("Arm");
        arms.column("Orders").alignRight();
        arms.column("Overrides").alignRight();
        arms.column("Total").alignRight();
        arms.column("Mean ms").alignRight();
        arms.column("95% CI ms").alignRight();
        arms.column("Median ms").alignRight();
        arms.column("p99 ms").alignRight();
        arms.column("Fill rate").alignRight();
        arms.column("Reject rate").alignRight();
        arms.column("Slippage pips").alignRight();
        for (ExperimentReport.ArmSummary a : report.arms()) {
            arms.addRow().addContent(a.arm(), a.orders(), a.overrides(), a.orders() + a.overrides(),
                    Formats.millis(a.latencyMeanMillis()),
                    range(Formats.millis(a.latencyMeanLowerMillis()), Formats.millis(a.latencyMeanUpperMillis())),
                    Formats.millis(a.latencyMedianMillis()), Formats.millis(a.latencyP99Millis()), Formats.percent(a.fillRate()),
                    Formats.percent(a.rejectRate()), Formats.pips(a.meanSlippagePips()));
        }
        arms.print(out());
        out().println("Orders are the comparison; overrides (the assigned arm could not take the order) come on top and are "
                + "left out of the figures.");
        out().println();
        if (!report.metrics().isEmpty()) {
            printExecutionQuality(report);
        }
        ShellTable tests = new ShellTable();
        tests.column("Metric");
        tests.column("Test");
        tests.column("Arm - baseline");
        tests.column("Difference").alignRight();
        tests.column(testIntervalHeading()).alignRight();
        tests.column("p").alignRight();
        tests.column("p (Holm)").alignRight();
        for (ExperimentReport.MetricTest t : report.tests()) {
            tests.addRow().addContent(t.metric(), t.test(), t.arm() + " - " + t.baseline(), difference(t.metric(), t.difference()),
                    Double.isNaN(t.lower()) ? "" : range(difference(t.metric(), t.lower()), difference(t.metric(), t.upper())),
                    Formats.pValue(t.pValue()), Formats.pValue(t.adjustedPValue()));
        }
        tests.print(out());
        out().println();
        out().println(Double.isNaN(report.sampleRatioPValue()) ? "Sample ratio: not checked (a bandit moves the split on purpose)"
                : "Sample ratio: p = " + Formats.pValue(report.sampleRatioPValue()) + (report.sampleRatioMismatch() ? " MISMATCH" : " ok"));
        out().println("Verdict: " + report.verdict());
        return null;
    }

    /** The tests' intervals are at one less the experiment's significance level: 95 % at the default 0.05. */
    private String testIntervalHeading() {
        return experiments().experiment(name).map(info -> BigDecimal.ONE.subtract(info.significanceLevel()).movePointRight(2)
                .stripTrailingZeros().toPlainString() + "% CI").orElse("CI");
    }

    /** Each arm's distribution of each execution-quality metric: the figures of its fills against the reference prices. */
    private void printExecutionQuality(ExperimentReport report) {
        ShellTable quality = new ShellTable();
        quality.column("Execution quality");
        quality.column("Arm");
        quality.column("N").alignRight();
        quality.column("Mean").alignRight();
        quality.column("95% CI").alignRight();
        quality.column("Median").alignRight();
        quality.column("p99").alignRight();
        for (ExperimentReport.MetricSummary m : report.metrics()) {
            quality.addRow().addContent(m.metric() + " (" + m.unit() + ")", m.arm(), m.count(), Formats.pips(m.mean()),
                    Double.isNaN(m.lower()) ? "" : range(Formats.pips(m.lower()), Formats.pips(m.upper())), Formats.pips(m.median()),
                    Formats.pips(m.p99()));
        }
        quality.print(out());
        out().println("Per fill against the reference prices: effective spread 2s(p - m) at arrival (lower is better), price "
                + "improvement and markouts s(m(t+h) - p) (higher is better); a markout in a price gap is not counted.");
        out().println("Per limit order that ended (N orders): fill ratio and share filled (higher is better), time to its last fill and "
                + "implementation shortfall per unit ordered, the unfilled part at its opportunity cost (lower is better).");
        out().println();
    }

    /** A difference in the metric's own unit: ms for latency, percentage points for rates, pips for slippage. */
    static String difference(String metric, double value) {
        return ExperimentMetric.byId(metric).map(known -> switch (known) {
            case LATENCY -> Formats.millis(value) + " ms";
            case FILL_RATE, REJECT_RATE, LIMIT_FILL_RATIO, LIMIT_FILLED -> Double.isNaN(value) ? ""
                    : String.format(Locale.ROOT, "%.2f pp", 100 * value);
            case TIME_TO_FILL -> Formats.millis(value) + " ms";
            case SLIPPAGE, EFFECTIVE_SPREAD, PRICE_IMPROVEMENT, MARKOUT_1S, MARKOUT_5S, MARKOUT_60S, IMPLEMENTATION_SHORTFALL ->
                Formats.pips(value) + " pips";
        }).orElse(String.format(Locale.ROOT, "%.3f", value));
    }

    private static String range(String lower, String upper) {
        return lower.isEmpty() ? "" : lower + " .. " + upper;
    }
}
