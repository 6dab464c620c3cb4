package io.multibroker.console;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.routing.ExperimentInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "abtest", name = "list", description = "Lists the experiments with their arms and status")
@Service
public class AbtestListCommand extends ExperimentCommand {

    @Override
    protected Object run() throws Exception {
        List<ExperimentInfo> all = experiments().experiments();
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
            table.addRow().addContent(e.name(), (e.running() ? "running" : "stopped") + (e.promoted() ? ", promoted " + e.promotedArm() : ""), arms(e, registry), e.primaryMetric(), e.allocation(), e.autoSelect());
        }
        table.print(out());
        return null;
    }

    /** Each arm with its weight; an arm whose account is not registered (any more) says so. */
    static String arms(ExperimentInfo e, BrokerRegistry registry) {
        return e.armBasisPoints().entrySet().stream()
                .map(a -> a.getKey() + (registry.account(a.getKey()).isPresent() ? "" : " (account missing)") + " "
                        + Formats.basisPoints(a.getValue()))
                .collect(Collectors.joining(", "));
    }
}
