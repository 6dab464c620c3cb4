package io.multibroker.console;

import io.multibroker.api.config.ConfigurationBackup;
import io.multibroker.api.config.ConfigurationDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "config-export", description = "Writes every configuration (accounts, experiments, the registry's settings, risk limits, ...) as one JSON document (secrets left out unless --with-secrets)")
@Service
public class ConfigExportCommand extends BrokerCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file to write (relative to the runtime's base directory)")
    String file;

    @Option(name = "--with-secrets", description = "Include secret attributes as written (a $[env:...] reference, or the literal secret)")
    boolean withSecrets;

    @Argument(index = 1, name = "options", multiValued = true, description = "Options may also follow the file")
    List<String> trailingOptions;

    @Reference
    ConfigurationBackup backup;

    @Override
    protected Object run() throws Exception {
        TrailingOptions given = new TrailingOptions(trailingOptions, Set.of(), Set.of("--with-secrets", "--json"));
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments);
        }
        withSecrets = withSecrets || given.options.containsKey("--with-secrets");
        json = json || given.options.containsKey("--json");
        ConfigurationDocument document = backup.export(withSecrets);
        Path target = ConfigFiles.resolve(file);
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, JSON.writeValueAsString(document));
        if (withSecrets) {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // nothing to tighten on this file system
            }
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out().println("Exported " + document.accounts().size() + " account(s), " + document.experiments().size()
                + " experiment(s) and " + document.settings().size() + " other configuration(s) to " + target
                + (withSecrets ? " (with secrets, readable only by its owner)" : " (secrets left out)"));
        return null;
    }
}
