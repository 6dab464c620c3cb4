package io.multibroker.console;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "health", description = "Shows the health of every account: status, reason, error code and the latency of the last check")
@Service
public class HealthCommand extends BrokerCommand {

    @Override
    protected Object run() throws Exception {
        Map<String, AccountHealth> health = new LinkedHashMap<>();
        for (BrokerAccount account : registry.accounts()) {
            health.put(account.accountId(), account.health());
        }
        if (json) {
            printJson(health);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Status");
        table.column("Code");
        table.column("Check (ms)").alignRight();
        table.column("Checked at");
        table.column("Reason");
        health.forEach((account, h) -> table.addRow().addContent(account, h.status(), orEmpty(h.code()),
                Formats.millis(h.lastCheckLatency()), Formats.time(h.checkedAt()), orEmpty(h.reason())));
        table.print(out());
        return null;
    }
}
