package io.multibroker.console;

import io.multibroker.api.config.ConfigurationBackup;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.ImportPlan;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "config-import", description = "Validates a configuration document as a whole, then applies all of it or nothing")
@Service
public class ConfigImportCommand extends BrokerCommand {

    @Argument(index = 0, name = "file", required = true, description = "The JSON document written by broker:config-export")
    String file;

    @Option(name = "--dry-run", description = "Only validate and show what would change")
    boolean dryRun;

    @Argument(index = 1, name = "options", multiValued = true, description = "Options may also follow the file")
    List<String> trailingOptions;

    @Reference
    ConfigurationBackup backup;

    @Override
    protected Object run() throws Exception {
        TrailingOptions given = new TrailingOptions(trailingOptions, Set.of(), Set.of("--dry-run", "--json"));
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments);
        }
        dryRun = dryRun || given.options.containsKey("--dry-run");
        json = json || given.options.containsKey("--json");
        Path source = ConfigFiles.resolve(file);
        ConfigurationDocument document = DocumentReader.read(JSON, source);
        ImportPlan plan;
        try {
            plan = backup.importDocument(document, dryRun);
        } catch (InvalidConfigurationException refused) {
            throw new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, DocumentReader.describe(refused), refused);
        }
        if (json) {
            printJson(plan);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Configuration");
        table.column(plan.applied() ? "Done" : "Would do");
        plan.actions().forEach((subject, action) -> table.addRow().addContent(subject, action));
        table.print(out());
        out().println(plan.applied() ? "Imported." : "Dry run: nothing was changed.");
        return null;
    }
}
