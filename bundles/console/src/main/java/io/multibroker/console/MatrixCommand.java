package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.model.Instrument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "matrix", description = "Compares accounts side by side, capability by capability")
@Service
public class MatrixCommand extends BrokerCommand {

    @Option(name = "--instruments", description = "Compare instrument by instrument: which accounts trade it, at what minimum size and precision")
    boolean instruments;

    @Override
    protected Object run() throws Exception {
        List<BrokerAccount> accounts = registry.accounts();
        if (instruments) {
            printInstruments(accounts);
            return null;
        }
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

    private void printInstruments(List<BrokerAccount> accounts) throws Exception {
        SortedSet<String> symbols = new TreeSet<>();
        accounts.forEach(a -> symbols.addAll(a.capabilities().instruments().keySet()));
        Map<String, Map<String, Instrument>> matrix = new LinkedHashMap<>();
        for (String symbol : symbols) {
            Map<String, Instrument> row = new TreeMap<>();
            accounts.forEach(a -> a.capabilities().instrument(symbol).ifPresent(i -> row.put(a.accountId(), i)));
            matrix.put(symbol, row);
        }
        if (json) {
            printJson(matrix);
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Instrument");
        accounts.forEach(a -> table.column(a.accountId()));
        matrix.forEach((symbol, row) -> {
            var line = table.addRow();
            line.addContent(symbol);
            accounts.forEach(a -> {
                var i = row.get(a.accountId());
                line.addContent(i == null ? "-" : "min " + Formats.units(i.minimumSize(), i) + " / " + i.pricePrecision() + "dp / "
                        + i.unitsPrecision() + "udp");
            });
        });
        table.print(out());
        out().println("min = minimum size, dp = price decimals, udp = units decimals; - = not tradeable there");
    }
}
