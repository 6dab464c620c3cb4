package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.OrderType;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "capabilities", description = "Shows what an account can do: every capability, and the time in force of each order type")
@Service
public class CapabilitiesCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Override
    public Object execute() throws Exception {
        BrokerAccount account = registry.requireAccount(accountId);
        BrokerCapabilities capabilities = account.capabilities();
        if (json) {
            printJson(capabilities);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Capability");
        table.column("Supported");
        table.column("Time in force");
        for (BrokerCapability capability : BrokerCapability.values()) {
            String tif = capability.orderType().map(OrderType.class::cast)
                    .map(type -> capabilities.timeInForce().getOrDefault(type, java.util.Set.of()).toString()).orElse("");
            table.addRow().addContent(capability, capabilities.has(capability) ? "yes" : "no", capabilities.has(capability) ? tif : "");
        }
        table.print(out());
        out().println(capabilities.instruments().size() + " instruments (broker:instruments " + accountId + ")");
        return null;
    }
}
