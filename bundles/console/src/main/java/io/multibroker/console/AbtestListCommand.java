package io.multibroker.console;

import io.multibroker.api.routing.ExperimentInfo;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "abtest", name = "list", description = "Lists the experiments with their arms and status")
@Service
public class AbtestListCommand extends ExperimentCommand {

    @Override
    public Object execute() throws Exception {
        List<ExperimentInfo> all = experiments.experiments();
        if (json) {
            printJson(all);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Experiment");
        table.column("Status");
        table.column("Arms");
        table.column("Primary metric");
        table.column("Allocation");
        table.column("Auto-select");
        for (ExperimentInfo e : all) {
            table.addRow().addContent(e.name(), (e.running() ? "running" : "stopped") + (e.promoted() ? ", promoted " + e.promotedArm() : ""), arms(e), e.primaryMetric(), e.allocation(), e.autoSelect());
        }
        table.print(out());
        return null;
    }

    static String arms(ExperimentInfo e) {
        return e.armBasisPoints().entrySet().stream()
                .map(a -> a.getKey() + " " + BigDecimal.valueOf(a.getValue()).movePointLeft(2).stripTrailingZeros().toPlainString() + "%")
                .collect(Collectors.joining(", "));
    }
}
