package io.multibroker.console;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.routing.Allocation;
import io.multibroker.api.routing.ExperimentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "abtest", name = "show", description = "Shows an experiment's settings and the orders recorded per arm")
@Service
public class AbtestShowCommand extends ExperimentCommand {

    @Argument(index = 0, name = "name", required = true, description = "The experiment")
    @Completion(ExperimentCompleter.class)
    String name;

    @Argument(index = 1, name = "options", multiValued = true, description = "--json may also follow the name")
    List<String> trailingOptions;

    @Override
    protected void readTrailingOptions() {
        readJsonFlag(trailingOptions);
    }

    @Override
    protected Object run() throws Exception {
        ExperimentInfo e = experiments().experiment(name)
                .orElseThrow(() -> new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "no experiment named " + name));
        if (json) {
            // what the text shows: the settings, the split now and the orders recorded per arm
            printJson(new Shown(e, experiments().allocation(name), recorded(e)));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Setting");
        table.column("Value");
        table.addRow().addContent("Name", e.name());
        table.addRow().addContent("Status", e.running() ? "running" : "stopped");
        table.addRow().addContent("Arms", AbtestListCommand.arms(e, registry));
        table.addRow().addContent("Salt", e.salt());
        table.addRow().addContent("Instruments", e.instruments().isEmpty() ? "all" : String.join(", ", e.instruments()));
        table.addRow().addContent("Order types", e.orderTypes().isEmpty() ? "all"
                : e.orderTypes().stream().map(Enum::name).collect(Collectors.joining(", ")));
        table.addRow().addContent("Primary metric", e.primaryMetric());
        table.addRow().addContent("Guardrails", String.join(", ", e.guardrails()));
        if (!e.shadows().isEmpty()) {
            table.addRow().addContent("Shadow arms", String.join(", ", e.shadows()) + " (no orders; their quotes are compared)");
        }
        table.addRow().addContent("Significance level", e.significanceLevel().toPlainString());
        table.addRow().addContent("Minimum sample per arm", e.minimumSamplePerArm());
        table.addRow().addContent("Automatic selection", e.autoSelect());
        table.addRow().addContent("Allocation", e.allocationMethod() == Allocation.THOMPSON
                ? "thompson (floor " + Formats.basisPoints(e.banditFloorBasisPoints()) + " per arm)" : e.allocation());
        table.addRow().addContent("Split now", shares(experiments().allocation(name)));
        if (e.promoted()) {
            table.addRow().addContent("Promoted", e.promotedArm() + " at " + Formats.time(e.promotedAt()) + " (before: "
                    + shares(e.weightsBeforePromotion()) + ")");
        }
        table.print(out());
        out().println();
        printRecorded(e);
        return null;
    }

    /** The experiment as {@code --json} gives it. */
    record Shown(ExperimentInfo experiment, Map<String, Integer> splitNowBasisPoints, List<Recorded> recorded) {
    }

    /** Orders recorded for one arm ("(all)" for the sum): the comparison, the overrides on top, and their total. */
    record Recorded(String arm, long orders, long overrides, long total) {
    }

    private List<Recorded> recorded(ExperimentInfo e) {
        Map<String, Long> orders = experiments().recordedOutcomes(name, false);
        Map<String, Long> overrides = experiments().recordedOutcomes(name, true);
        TreeSet<String> arms = new TreeSet<>(e.armBasisPoints().keySet());
        arms.addAll(orders.keySet());
        arms.addAll(overrides.keySet());
        List<Recorded> rows = new ArrayList<>();
        long ordersSum = 0;
        long overridesSum = 0;
        for (String arm : arms) {
            long n = orders.getOrDefault(arm, 0L);
            long o = overrides.getOrDefault(arm, 0L);
            rows.add(new Recorded(arm, n, o, n + o));
            ordersSum += n;
            overridesSum += o;
        }
        rows.add(new Recorded("(all)", ordersSum, overridesSum, ordersSum + overridesSum));
        return rows;
    }

    private void printRecorded(ExperimentInfo e) {
        ShellTable table = new ShellTable();
        table.column("Arm");
        table.column("Orders").alignRight();
        table.column("Overrides").alignRight();
        table.column("Total").alignRight();
        for (Recorded row : recorded(e)) {
            table.addRow().addContent(row.arm(), row.orders(), row.overrides(), row.total());
        }
        table.print(out());
    }

    private static String shares(Map<String, Integer> basisPoints) {
        return basisPoints.entrySet().stream().map(a -> a.getKey() + " " + Formats.basisPoints(a.getValue()))
                .collect(Collectors.joining(", "));
    }
}
