package io.multibroker.console;

import io.multibroker.api.config.ConfigurationHistory;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "config-rollback", description = "Makes an earlier version of an account's configuration the current one (recorded as a new version)")
@Service
public class ConfigRollbackCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    // read as text and parsed here, so that a bad one is named with its rule (Karaf's conversion says only 'unable to convert')
    @Argument(index = 1, name = "version", required = true, description = "The version to restore")
    String version;

    @Reference
    ConfigurationHistory history;

    @Override
    protected Object run() throws Exception {
        int restored = OptionValues.wholeNumber("version", version, 1, Integer.MAX_VALUE);
        history.rollback(accountId, restored);
        out().println("Account " + accountId + " is being rolled back to the configuration of version " + restored
                + " (see broker:config-history " + accountId + ")");
        return null;
    }
}
