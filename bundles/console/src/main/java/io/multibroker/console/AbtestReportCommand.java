package io.multibroker.console;

import io.multibroker.api.routing.ExperimentReport;
import java.util.Locale;
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
    java.util.List<String> trailingOptions;

    @Override
    public Object execute() throws Exception {
        json = json || new TrailingOptions(trailingOptions, java.util.Set.of(), java.util.Set.of("--json")).options.containsKey("--json");
        ExperimentReport report = experiments.report(name);
        if (json) {
            printJson(report);
            return null;
        }
        ShellTable arms = new ShellTable();
        arms.column("Arm");
        arms.column("Orders");
        arms.column("Overrides");
        arms.column("Mean ms");
        arms.column("95% CI ms");
        arms.column("Median ms");
        arms.column("p99 ms");
        arms.column("Fill rate");
        arms.column("Reject rate");
        arms.column("Slippage pips");
        for (ExperimentReport.ArmSummary a : report.arms()) {
            arms.addRow().addContent(a.arm(), a.orders(), a.overrides(), f(a.latencyMeanMillis()),
                    f(a.latencyMeanLowerMillis()) + " .. " + f(a.latencyMeanUpperMillis()), f(a.latencyMedianMillis()), f(a.latencyP99Millis()),
                    f(a.fillRate()), f(a.rejectRate()), f(a.meanSlippagePips()));
        }
        arms.print(out());
        out().println();
        ShellTable tests = new ShellTable();
        tests.column("Metric");
        tests.column("Test");
        tests.column("Arm - baseline");
        tests.column("Difference");
        tests.column("95% CI");
        tests.column("p");
        tests.column("p (Holm)");
        for (ExperimentReport.MetricTest t : report.tests()) {
            tests.addRow().addContent(t.metric(), t.test(), t.arm() + " - " + t.baseline(), f(t.difference()),
                    Double.isNaN(t.lower()) ? "" : f(t.lower()) + " .. " + f(t.upper()), p(t.pValue()), p(t.adjustedPValue()));
        }
        tests.print(out());
        out().println();
        out().println(Double.isNaN(report.sampleRatioPValue()) ? "Sample ratio: not checked (a bandit moves the split on purpose)"
                : "Sample ratio: p = " + p(report.sampleRatioPValue()) + (report.sampleRatioMismatch() ? " MISMATCH" : " ok"));
        out().println("Verdict: " + report.verdict());
        return null;
    }

    private static String f(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String p(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        // below the smallest double the tests can tell apart from zero
        return value < Double.MIN_NORMAL ? "< 1e-300" : String.format(Locale.ROOT, "%.3g", value);
    }
}
