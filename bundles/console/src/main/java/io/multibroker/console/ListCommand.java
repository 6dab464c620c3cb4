package io.multibroker.console;

import io.multibroker.api.AccountHealth;
import io.multibroker.api.BrokerAccount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "list", description = "Lists the broker accounts with their type and health")
@Service
public class ListCommand extends BrokerCommand {

    @Override
    protected Object run() throws Exception {
        List<BrokerAccount> accounts = registry.accounts();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (BrokerAccount account : accounts) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("accountId", account.accountId());
                row.put("brokerType", account.brokerType());
                row.put("health", account.health());
                row.put("instruments", account.capabilities().instruments().size());
                rows.add(row);
            }
            printJson(rows);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Type");
        table.column("Status");
        table.column("Check (ms)").alignRight();
        table.column("Instruments").alignRight();
        table.column("Reason");
        for (BrokerAccount account : accounts) {
            AccountHealth health = account.health();
            table.addRow().addContent(account.accountId(), account.brokerType(), health.status(), Formats.millis(health.lastCheckLatency()),
                    account.capabilities().instruments().size(), orEmpty(health.reason()));
        }
        table.print(out());
        return null;
    }
}
