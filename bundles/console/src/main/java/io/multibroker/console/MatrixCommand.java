package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.capability.BrokerCapability;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "matrix", description = "Compares accounts side by side, capability by capability")
@Service
public class MatrixCommand extends BrokerCommand {

    @Override
    public Object execute() throws Exception {
        List<BrokerAccount> accounts = registry.accounts();
        Map<String, Map<String, Boolean>> matrix = new LinkedHashMap<>();
        for (BrokerCapability capability : BrokerCapability.values()) {
            Map<String, Boolean> row = new TreeMap<>();
            accounts.forEach(a -> row.put(a.accountId(), a.capabilities().has(capability)));
            matrix.put(capability.name(), row);
        }
        if (json) {
            printJson(matrix);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Capability");
        accounts.forEach(a -> table.column(a.accountId()));
        matrix.forEach((capability, row) -> {
            var line = table.addRow();
            line.addContent(capability);
            accounts.forEach(a -> line.addContent(row.get(a.accountId()) ? "yes" : "-"));
        });
        var instruments = table.addRow();
        instruments.addContent("(instruments)");
        accounts.forEach(a -> instruments.addContent(a.capabilities().instruments().size()));
        table.print(out());
        return null;
    }
}
