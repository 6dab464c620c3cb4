package io.multibroker.console;

import io.multibroker.api.journal.JournalEntry;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "order-status", description = "The journal's whole history of one order, by broker order id "
        + "or client order id: its intent (the order as sent and its routing), every answer and event, reconciliations")
@Service
public class OrderStatusCommand extends JournalCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "order", required = true, description = "The broker order id or the client order id")
    String orderId;

    @Argument(index = 2, name = "options", multiValued = true, description = "--json may also follow the arguments")
    List<String> trailing;

    @Override
    protected void readTrailingOptions() {
        if (trailing != null) {
            readJsonFlag(trailing);
        }
    }

    @Override
    protected Object run() throws Exception {
        List<JournalEntry> history = requireJournal().history(accountId, orderId);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("the journal has no order " + orderId + " of " + accountId
                    + " (neither a broker order id nor a client order id)");
        }
        if (json) {
            printJson(history);
            return null;
        }
        JournalEntry first = history.get(0);
        JournalEntry last = history.get(history.size() - 1);
        out().println("Order " + first.clientOrderId() + (last.brokerOrderId() == null ? "" : " (broker id " + last.brokerOrderId() + ")")
                + " of " + accountId + ": " + (last.status() == null ? "sent, no answer yet" : last.status()));
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Recorded");
        table.column("Kind");
        table.column("Status");
        table.column("Fill").alignRight();
        table.column("Fill price").alignRight();
        table.column("Filled").alignRight();
        table.column("Avg price").alignRight();
        table.column("Broker id");
        table.column("Related");
        table.column("Broker event");
        table.column("Broker time");
        table.column("Reason / detail").maxSize(80).wrap();
        for (JournalEntry entry : history) {
            String text = entry.detail() != null ? entry.detail() : orEmpty(entry.reason());
            table.addRow().addContent(entry.sequence(), Formats.time(entry.recordedAt()), entry.kind(), orEmpty(entry.status()),
                    // the journal keeps decimals as they were written: shown as they are
                    Formats.plain(entry.fillUnits()), Formats.plain(entry.fillPrice()), Formats.plain(entry.filledUnits()),
                    Formats.plain(entry.averageFillPrice()),
                    orEmpty(entry.brokerOrderId()), orEmpty(entry.relatedOrderId()), orEmpty(entry.brokerEventId()),
                    Formats.time(entry.brokerTime()), text);
        }
        table.print(out());
        return null;
    }
}
