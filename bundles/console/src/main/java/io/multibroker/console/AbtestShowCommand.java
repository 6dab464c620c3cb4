package io.multibroker.console;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.routing.ExperimentInfo;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "abtest", name = "show", description = "Shows an experiment's settings")
@Service
public class AbtestShowCommand extends ExperimentCommand {

    @Argument(index = 0, name = "name", required = true, description = "The experiment")
    @Completion(ExperimentCompleter.class)
    String name;

    @Override
    public Object execute() throws Exception {
        ExperimentInfo e = experiments.experiment(name)
                .orElseThrow(() -> new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "no experiment named " + name));
        if (json) {
            printJson(e);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Setting");
        table.column("Value");
        table.addRow().addContent("Name", e.name());
        table.addRow().addContent("Status", e.running() ? "running" : "stopped");
        table.addRow().addContent("Arms", AbtestListCommand.arms(e));
        table.addRow().addContent("Salt", e.salt());
        table.addRow().addContent("Instruments", e.instruments().isEmpty() ? "all" : String.join(", ", e.instruments()));
        table.addRow().addContent("Order types", e.orderTypes().isEmpty() ? "all" : e.orderTypes().toString());
        table.addRow().addContent("Primary metric", e.primaryMetric());
        table.addRow().addContent("Guardrails", String.join(", ", e.guardrails()));
        table.addRow().addContent("Significance level", e.significanceLevel().toPlainString());
        table.addRow().addContent("Minimum sample per arm", e.minimumSamplePerArm());
        table.addRow().addContent("Automatic selection", e.autoSelect());
        table.addRow().addContent("Allocation", e.allocation().equals("thompson")
                ? "thompson (floor " + java.math.BigDecimal.valueOf(e.banditFloorBasisPoints()).movePointLeft(2).stripTrailingZeros()
                        .toPlainString() + "% per arm)" : e.allocation());
        table.addRow().addContent("Split now", experiments.allocation(name).entrySet().stream()
                .map(a -> a.getKey() + " " + java.math.BigDecimal.valueOf(a.getValue()).movePointLeft(2).stripTrailingZeros().toPlainString()
                        + "%").collect(java.util.stream.Collectors.joining(", ")));
        if (e.promoted()) {
            table.addRow().addContent("Promoted", e.promotedArm() + " at " + e.promotedAt() + " (before: "
                    + e.weightsBeforePromotion().entrySet().stream().map(a -> a.getKey() + " " + java.math.BigDecimal.valueOf(a.getValue())
                            .movePointLeft(2).stripTrailingZeros().toPlainString() + "%").collect(java.util.stream.Collectors.joining(", "))
                    + ")");
        }
        table.addRow().addContent("Orders recorded", experiments.recordedOutcomes(name, false).toString());
        table.addRow().addContent("Overrides recorded", experiments.recordedOutcomes(name, true).toString());
        table.print(out());
        return null;
    }
}
