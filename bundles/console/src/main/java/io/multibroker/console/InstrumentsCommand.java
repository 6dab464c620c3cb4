package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.model.Instrument;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "instruments", description = "Lists the instruments an account trades, with their limits")
@Service
public class InstrumentsCommand extends PerAccountCommand {

    @Override
    protected Object run() throws Exception {
        BrokerAccount account = registry.requireAccount(accountId);
        List<Instrument> instruments = await(account.adapter().instruments());
        if (json) {
            printJson(instruments);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Instrument");
        table.column("Type");
        table.column("Price decimals").alignRight();
        table.column("Units decimals").alignRight();
        table.column("Min size").alignRight();
        table.column("Max size").alignRight();
        table.column("Margin rate").alignRight();
        table.column("Pip").alignRight();
        for (Instrument i : instruments) {
            table.addRow().addContent(i.symbol(), i.type(), i.pricePrecision(), i.unitsPrecision(), Formats.units(i.minimumSize(), i),
                    Formats.units(i.maximumSize(), i), Formats.percent(i.marginRate()), Formats.plain(i.pip()));
        }
        table.print(out());
        return null;
    }
}
