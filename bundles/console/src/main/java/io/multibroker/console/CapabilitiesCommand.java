package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.OrderType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "capabilities", description = "Shows what an account can do: every capability, and the time in force of each order type")
@Service
public class CapabilitiesCommand extends PerAccountCommand {

    @Option(name = "--history", description = "Show the changes of the account's capabilities instead")
    boolean history;

    @Override
    protected Set<String> trailingFlags() {
        return Set.of("--history");
    }

    @Override
    protected void flag(String name) {
        history = true;
    }

    @Override
    protected Object run() throws Exception {
        BrokerAccount account = registry.requireAccount(accountId);
        if (history) {
            printHistory();
            return null;
        }
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
                    .map(type -> capabilities.timeInForce().getOrDefault(type, Set.of()).toString()).orElse("");
            table.addRow().addContent(capability, capabilities.has(capability) ? "yes" : "no", capabilities.has(capability) ? tif : "");
        }
        table.print(out());
        out().println(capabilities.instruments().size() + " instruments (broker:instruments " + accountId + ")");
        return null;
    }

    private void printHistory() throws Exception {
        var changes = registry.capabilityHistory(accountId);
        if (json) {
            printJson(changes);
            return;
        }
        if (changes.isEmpty()) {
            out().println("No change since the registry first saw " + accountId);
            return;
        }
        ShellTable table = new ShellTable();
        table.column("When");
        table.column("Trigger");
        table.column("Change").maxSize(100).wrap();
        for (var change : changes) {
            var diff = change.diff();
            List<String> parts = new ArrayList<>();
            diff.featuresAdded().forEach(f -> parts.add("+" + f));
            diff.featuresRemoved().forEach(f -> parts.add("-" + f));
            diff.timeInForceChanged().forEach((type, tif) -> parts.add(type + " time in force now " + tif));
            diff.instrumentsAdded().forEach(i -> parts.add("+" + i));
            diff.instrumentsRemoved().forEach(i -> parts.add("-" + i));
            diff.instrumentsChanged().forEach((symbol, i) -> parts.add(symbol + " limits now min " + Formats.units(i.minimumSize(), i) + " max "
                    + Formats.units(i.maximumSize(), i) + " price decimals " + i.pricePrecision() + " units decimals " + i.unitsPrecision()));
            table.addRow().addContent(Formats.time(change.at()), change.trigger(), String.join(", ", parts));
        }
        table.print(out());
    }
}
