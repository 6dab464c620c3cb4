package io.multibroker.console;

import io.multibroker.api.error.ErrorSummary;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "errors", description = "Counts the errors of every account by code, with the latest message and broker code of each")
@Service
public class ErrorsCommand extends BrokerCommand {

    @Option(name = "--since", description = "Only errors since: a span (30s, 15m, 2h, 1d) or an instant; default: all that are kept")
    String since;

    @Option(name = "--account", description = "Only this account")
    @Completion(AccountCompleter.class)
    String account;

    @Override
    protected Object run() throws Exception {
        List<ErrorSummary> errors = registry.errors(Since.parse(since, Instant.now())).stream()
                .filter(e -> account == null || e.accountId().equals(account)).toList();
        if (json) {
            printJson(errors);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Account");
        table.column("Code");
        table.column("Category");
        table.column("Count").alignRight();
        table.column("Last");
        table.column("Operation");
        table.column("Broker code");
        table.column("Latest message").maxSize(80).wrap();
        for (ErrorSummary e : errors) {
            table.addRow().addContent(e.accountId(), e.code(), e.category(), e.count(), Formats.time(e.lastAt()), e.lastOperation(),
                    orEmpty(e.last().brokerCode()), e.last().message());
        }
        table.print(out());
        return null;
    }
}
