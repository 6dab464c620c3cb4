package io.multibroker.risk.command;

import io.multibroker.api.risk.LimitUsage;
import io.multibroker.api.risk.RiskStatus;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "risk", name = "status", description = "Trading state of the runtime and of every account, each limit in force with its usage and headroom")
@Service
public class StatusCommand extends RiskCommand {

    @Option(name = "--json", description = "Print the result as JSON")
    boolean json;

    @Override
    public Object execute() throws Exception {
        List<RiskStatus> status = risk.status();
        if (json) {
            printJson(status);
            return null;
        }
        ShellTable states = new ShellTable();
        states.column("Scope");
        states.column("State");
        states.column("Since");
        states.column("By");
        states.column("Reason").maxSize(70).wrap();
        for (RiskStatus scope : status) {
            states.addRow().addContent(scope.accountId() == null ? "global" : scope.accountId(), scope.state(),
                    scope.since() == null ? "" : scope.since().toString(), scope.by() == null ? "" : scope.by(),
                    scope.reason() == null ? "" : scope.reason());
        }
        states.print(out());
        ShellTable limits = new ShellTable();
        limits.column("Scope");
        limits.column("Set in");
        limits.column("Limit");
        limits.column("Instrument");
        limits.column("Value").alignRight();
        limits.column("Usage").alignRight();
        limits.column("Headroom").alignRight();
        limits.column("Unit");
        for (RiskStatus scope : status) {
            for (LimitUsage limit : scope.limits()) {
                limits.addRow().addContent(scope.accountId() == null ? "global" : scope.accountId(), limit.scope(), limit.limit(),
                        limit.instrument() == null ? "" : limit.instrument(), plain(limit.value()), plain(limit.usage()),
                        plain(limit.headroom()), limit.unit());
            }
        }
        out().println();
        limits.print(out());
        for (RiskStatus scope : status) {
            for (String problem : scope.problems()) {
                out().println((scope.accountId() == null ? "global" : scope.accountId()) + ": " + problem);
            }
        }
        return null;
    }
}
