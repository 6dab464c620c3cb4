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

@Command(scope = "broker", name = "create", description = "Creates an account of a broker type from key=value settings, validated against the type's schema first")
@Service
public class CreateCommand extends BrokerCommand {

    @Argument(index = 0, name = "type", required = true, description = "The broker type (see broker:types)")
    @Completion(BrokerTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "account", required = true, description = "The new account's id")
    String accountId;

    @Argument(index = 2, name = "settings", multiValued = true, description = "key=value settings (see the type's schema)")
    List<String> settings;

    @Reference
    BrokerFactory factory;

    @Override
    protected Object run() throws Exception {
        maskSecretsInThreadName();
        factory.createAccount(type, accountId, parse(settings));
        out().println("Account " + accountId + " of type " + type + " created; it connects in the background (see broker:list)");
        return null;
    }

    static Map<String, Object> parse(List<String> settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (settings != null) {
            for (String setting : settings) {
                int equals = setting.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("'" + setting + "' is not a key=value setting");
                }
                String key = setting.substring(0, equals).trim();
                if (properties.put(key, setting.substring(equals + 1)) != null) {
                    // the second would silently replace the first
                    throw new IllegalArgumentException("'" + key + "' is given twice: give each key once");
                }
            }
        }
        return properties;
    }
}
