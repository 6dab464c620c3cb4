package io.multibroker.console;

import io.multibroker.api.config.ConfigurationChange;
import io.multibroker.api.config.ConfigurationHistory;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "config-diff", description = "Shows what differs between two versions of an account's configuration")
@Service
public class ConfigDiffCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    // read as text and parsed here, so that a bad one is named with its rule (Karaf's conversion says only 'unable to convert')
    @Argument(index = 1, name = "from", required = true, description = "The earlier version")
    String from;

    @Argument(index = 2, name = "to", required = true, description = "The later version")
    String to;

    @Argument(index = 3, name = "options", multiValued = true, description = "--json may also follow the versions")
    List<String> trailingOptions;

    @Reference
    ConfigurationHistory history;

    @Override
    protected void readTrailingOptions() {
        readJsonFlag(trailingOptions);
    }

    @Override
    protected Object run() throws Exception {
        int earlier = OptionValues.wholeNumber("from", from, 1, Integer.MAX_VALUE);
        int later = OptionValues.wholeNumber("to", to, 1, Integer.MAX_VALUE);
        List<ConfigurationChange> changes = history.diff(accountId, earlier, later);
        if (json) {
            printJson(changes);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Key");
        table.column("Version " + earlier);
        table.column("Version " + later);
        changes.forEach(c -> table.addRow().addContent(c.key(), orEmpty(c.before()), orEmpty(c.after())));
        table.print(out());
        return null;
    }
}
