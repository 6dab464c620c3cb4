package io.multibroker.console;

import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationVersion;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "config-history", description = "Lists the versions of an account's configuration: when, from where, and what changed")
@Service
public class ConfigHistoryCommand extends PerAccountCommand {

    @Reference
    ConfigurationHistory history;

    @Override
    protected Object run() throws Exception {
        List<ConfigurationVersion> versions = history.versions(accountId);
        if (versions.isEmpty() && history.refusal(accountId).isEmpty() && registry.account(accountId).isEmpty()) {
            // a removed account's history stays readable; a name that never had any is a mistake worth saying
            throw new IllegalArgumentException("no configuration history of " + accountId + ": no account or configuration of that "
                    + "name was ever recorded (broker:list lists the accounts; risk, risk-account:<account> and experiment:<name> "
                    + "name the others)");
        }
        if (json) {
            printJson(versions);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Version").alignRight();
        table.column("At");
        table.column("Source");
        table.column("Change").maxSize(100).wrap();
        ConfigurationVersion previous = null;
        for (ConfigurationVersion version : versions) {
            String change = version.source().equals("removed") ? "account removed"
                    : previous == null ? firstVersion(version)
                    : previous.source().equals("removed") ? firstVersion(version) + " again"
                    : String.join(", ", history.diff(accountId, previous.version(), version.version()).stream()
                            .map(c -> c.key() + ": " + (c.before() == null ? "(none)" : c.before()) + " -> "
                                    + (c.after() == null ? "(none)" : c.after())).toList());
            table.addRow().addContent(version.version(), Formats.time(version.at()), version.source(), change);
            previous = version;
        }
        table.print(out());
        var refused = history.refusal(accountId);
        if (!refused.isEmpty()) {
            out().println("The latest configuration was refused and is not in force: " + refused);
        }
        return null;
    }

    /**
     * What the first version of an account means: one made by a command ({@code console}, {@code import}) created
     * it; one found in a file or in ConfigAdmin existed before the history saw it.
     */
    static String firstVersion(ConfigurationVersion version) {
        return switch (version.source()) {
            case "console", "import" -> "created";
            default -> "configuration first seen";
        };
    }
}
