package io.multibroker.console;

import io.multibroker.api.journal.JournalOrder;
import io.multibroker.api.journal.JournalQuery;
import io.multibroker.api.model.Instrument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "orders", description = "Orders as the journal has them: open (resting, partially filled, "
        + "unanswered or unknown) by default, or unknown, unresolved (unknown past the background check's horizon), or all")
@Service
public class OrdersCommand extends JournalCommand {

    @Option(name = "--account", description = "Only this account")
    @Completion(AccountCompleter.class)
    String account;

    @Option(name = "--status", description = "open (default), unknown, unresolved or all")
    @Completion(value = StringsCompleter.class, values = {"open", "unknown", "unresolved", "all"})
    String status = "open";

    @Option(name = "--since", description = "Only orders changed since: a span (30s, 15m, 2h, 1d) or an instant")
    String since;

    @Option(name = "--limit", description = "At most this many, newest change first (default 100)")
    String limit = "100";

    @Override
    protected Object run() throws Exception {
        List<JournalOrder> orders = orders();
        if (account != null && orders.isEmpty() && registry.account(account).isEmpty()
                && requireJournal().orders(new JournalQuery(account, JournalQuery.Scope.ALL, null, 1)).isEmpty()) {
            // a removed account's orders stay listed; a name the runtime never had is a mistake worth saying
            throw new IllegalArgumentException("--account " + account + ": no account of that name is registered, and the journal "
                    + "has no orders of it (broker:list lists the accounts)");
        }
        if (json) {
            printJson(orders);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Client id");
        table.column("Broker id");
        table.column("Instrument");
        table.column("Side");
        table.column("Type");
        table.column("Units").alignRight();
        table.column("Filled").alignRight();
        table.column("Avg price").alignRight();
        table.column("Status");
        table.column("Routing");
        table.column("Updated");
        table.column("Flags");
        for (JournalOrder order : orders) {
            Instrument instrument = instrument(order.accountId(), order.instrument());
            table.addRow().addContent(order.accountId(), order.clientOrderId(), orEmpty(order.brokerOrderId()), orEmpty(order.instrument()),
                    orEmpty(order.side()), orEmpty(order.type()), Formats.units(order.requestedUnits(), instrument),
                    Formats.units(order.filledUnits(), instrument), Formats.price(order.averageFillPrice(), instrument),
                    order.status() == null ? "SENT" : order.status(), orEmpty(order.routing()), Formats.time(order.updatedAt()), flags(order));
        }
        table.print(out());
        if (orders.isEmpty()) {
            out().println("No " + (status.equalsIgnoreCase("all") ? "" : status.toLowerCase(Locale.ROOT) + " ") + "orders in the journal.");
        }
        return null;
    }

    private List<JournalOrder> orders() {
        int most = OptionValues.wholeNumber("--limit", limit, 1, 100_000);
        Instant from = since == null ? null : Since.parse(since, Instant.now());
        String scope = status.trim().toLowerCase(Locale.ROOT);
        if (scope.equals("unresolved")) {
            return requireJournal().unresolved().stream().filter(o -> account == null || o.accountId().equals(account))
                    .filter(o -> from == null || !o.updatedAt().isBefore(from)).limit(most).toList();
        }
        JournalQuery.Scope chosen = switch (scope) {
            case "open" -> JournalQuery.Scope.OPEN;
            case "unknown" -> JournalQuery.Scope.UNKNOWN;
            case "all" -> JournalQuery.Scope.ALL;
            default -> throw new IllegalArgumentException("--status " + status + ": give open, unknown, unresolved or all");
        };
        return requireJournal().orders(new JournalQuery(account, chosen, from, most));
    }

    /** What a reader must notice: an order taken in from the broker, one the background check gave up on, one replaced. */
    static String flags(JournalOrder order) {
        List<String> flags = new ArrayList<>();
        if (order.adopted()) {
            flags.add("adopted");
        }
        if (order.unresolved()) {
            flags.add("UNRESOLVED");
        }
        if (order.replacesOrderId() != null) {
            flags.add("replaces " + order.replacesOrderId());
        }
        if (order.replacedByOrderId() != null) {
            flags.add("replaced by " + order.replacedByOrderId());
        }
        return String.join(", ", flags);
    }
}
