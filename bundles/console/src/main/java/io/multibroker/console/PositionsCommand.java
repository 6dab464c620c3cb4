package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.model.Instrument;
import io.multibroker.api.model.UnifiedPosition;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "positions", description = "Lists an account's open positions")
@Service
public class PositionsCommand extends PerAccountCommand {

    @Override
    protected Object run() throws Exception {
        BrokerAccount account = registry.requireAccount(accountId);
        List<UnifiedPosition> positions = await(account.adapter().positions());
        if (json) {
            printJson(positions);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Instrument");
        table.column("Long").alignRight();
        table.column("Long avg").alignRight();
        table.column("Short").alignRight();
        table.column("Short avg").alignRight();
        table.column("Net").alignRight();
        table.column("Unrealized P/L").alignRight();
        table.column("Margin").alignRight();
        for (UnifiedPosition p : positions) {
            Instrument i = account.capabilities().instrument(p.instrument()).orElse(null);
            // positions carry no currency: money at the usual two decimals
            table.addRow().addContent(p.instrument(), Formats.units(p.longUnits(), i), Formats.price(p.longAveragePrice(), i),
                    Formats.units(p.shortUnits(), i), Formats.price(p.shortAveragePrice(), i), Formats.units(p.netUnits(), i),
                    Formats.money(p.unrealizedPnl(), null), Formats.money(p.marginUsed(), null));
        }
        table.print(out());
        return null;
    }
}
