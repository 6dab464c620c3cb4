package io.multibroker.console;

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
        List<UnifiedPosition> positions = await(registry.requireAccount(accountId).adapter().positions());
        if (json) {
            printJson(positions);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Instrument");
        table.column("Long");
        table.column("Long avg");
        table.column("Short");
        table.column("Short avg");
        table.column("Net");
        table.column("Unrealized P/L");
        table.column("Margin");
        for (UnifiedPosition p : positions) {
            table.addRow().addContent(p.instrument(), plain(p.longUnits()), plain(p.longAveragePrice()), plain(p.shortUnits()),
                    plain(p.shortAveragePrice()), plain(p.netUnits()), plain(p.unrealizedPnl()), plain(p.marginUsed()));
        }
        table.print(out());
        return null;
    }
}
