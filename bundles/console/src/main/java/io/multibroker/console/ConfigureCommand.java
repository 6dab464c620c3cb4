package io.multibroker.console;

import io.multibroker.api.BrokerFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "broker", name = "configure", description = "Changes an account's settings (key=value; key= removes a key), validated first; applied live")
@Service
public class ConfigureCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "settings", required = true, multiValued = true, description = "key=value settings; key= removes the key")
    List<String> settings;

    @Reference
    BrokerFactory factory;

    @Override
    protected Object run() throws Exception {
        maskSecretsInThreadName();
        Map<String, Object> changes = new LinkedHashMap<>(CreateCommand.parse(settings));
        changes.replaceAll((key, value) -> value.toString().isEmpty() ? null : value);
        factory.reconfigure(accountId, changes);
        out().println("Account " + accountId + " reconfigured (see broker:config-history " + accountId + ")");
        return null;
    }
}
