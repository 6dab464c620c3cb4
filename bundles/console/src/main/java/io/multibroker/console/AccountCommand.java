package io.multibroker.console;

import io.multibroker.api.model.UnifiedAccountSummary;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "account", description = "Shows an account's balance, net asset value, margin and profit and loss")
@Service
public class AccountCommand extends PerAccountCommand {

    @Override
    protected Object run() throws Exception {
        UnifiedAccountSummary summary = await(registry.requireAccount(accountId).adapter().accountSummary());
        if (json) {
            printJson(summary);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("Account", summary.accountId());
        table.addRow().addContent("Currency", summary.currency());
        table.addRow().addContent("Balance", plain(summary.balance()));
        table.addRow().addContent("Net asset value", plain(summary.netAssetValue()));
        table.addRow().addContent("Unrealized P/L", plain(summary.unrealizedPnl()));
        table.addRow().addContent("Margin used", plain(summary.marginUsed()));
        table.addRow().addContent("Margin available", plain(summary.marginAvailable()));
        table.addRow().addContent("Open positions", summary.openPositionCount());
        table.addRow().addContent("Pending orders", summary.pendingOrderCount());
        table.addRow().addContent("Hedging", summary.hedgingEnabled());
        table.addRow().addContent("As of", summary.asOf());
        table.print(out());
        return null;
    }
}
