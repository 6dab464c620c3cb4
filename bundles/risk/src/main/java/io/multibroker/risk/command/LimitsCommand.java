package io.multibroker.risk.command;

import io.multibroker.api.risk.LimitUsage;
import io.multibroker.api.risk.RiskStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "risk", name = "limits", description = "The risk limits in force: global (etc/io.multibroker.risk.cfg) and per account (io.multibroker.risk.account)")
@Service
public class LimitsCommand extends RiskCommand {

    @Option(name = "--json", description = "Print the result as JSON")
    boolean json;

    @Override
    public Object execute() throws Exception {
        List<RiskStatus> status = risk.status();
        // the global limits once (under "global"), then each account's own
        Map<String, List<LimitUsage>> byScope = new LinkedHashMap<>();
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (RiskStatus scope : status) {
            String name = scope.accountId() == null ? "global" : scope.accountId();
            List<LimitUsage> own = scope.limits().stream()
                    .filter(limit -> scope.accountId() == null ? true : limit.scope().equals("account")).toList();
            if (scope.accountId() != null && !own.isEmpty() || scope.accountId() == null) {
                byScope.put(name, own);
            }
            if (!scope.problems().isEmpty()) {
                problems.put(name, scope.problems());
            }
        }
        // the global scope lists every global limit (also the ones each account is held to), known accounts or not
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            byScope.forEach((scope, limits) -> document.put(scope, limits.stream().map(limit -> Map.of("limit", limit.limit(),
                    "instrument", limit.instrument() == null ? "" : limit.instrument(), "value", limit.value(), "unit", limit.unit())).toList()));
            document.put("problems", problems);
            printJson(document);
            return null;
        }
        if (byScope.values().stream().allMatch(List::isEmpty)) {
            out().println("No risk limits in force: orders are checked against none. Global limits go in etc/io.multibroker.risk.cfg, "
                    + "an account's own in etc/io.multibroker.risk.account-<name>.cfg with account.id (README, Risk)");
            problems.forEach((scope, list) -> list.forEach(problem -> out().println(scope + ": " + problem)));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Scope");
        table.column("Limit");
        table.column("Instrument");
        table.column("Value").alignRight();
        table.column("Unit");
        byScope.forEach((scope, limits) -> limits.forEach(limit -> table.addRow().addContent(scope, limit.limit(),
                limit.instrument() == null ? "" : limit.instrument(), plain(limit.value()), limit.unit())));
        table.print(out());
        problems.forEach((scope, list) -> list.forEach(problem -> out().println(scope + ": " + problem)));
        return null;
    }
}
