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
        table.column("Value").alignRight();
        table.addRow().addContent("Account", summary.accountId());
        table.addRow().addContent("Currency", summary.currency());
        String currency = summary.currency();
        table.addRow().addContent("Balance", Formats.money(summary.balance(), currency));
        table.addRow().addContent("Net asset value", Formats.money(summary.netAssetValue(), currency));
        table.addRow().addContent("Unrealized P/L", Formats.money(summary.unrealizedPnl(), currency));
        table.addRow().addContent("Margin used", Formats.money(summary.marginUsed(), currency));
        table.addRow().addContent("Margin available", Formats.money(summary.marginAvailable(), currency));
        table.addRow().addContent("Open positions", summary.openPositionCount());
        table.addRow().addContent("Pending orders", summary.pendingOrderCount());
        table.addRow().addContent("Hedging", summary.hedgingEnabled());
        table.addRow().addContent("As of", Formats.time(summary.asOf()));
        table.print(out());
        return null;
    }
}
