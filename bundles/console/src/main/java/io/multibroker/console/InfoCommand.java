package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerFactory;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.metrics.OperationMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "info", description = "Shows an account: type, health, configuration (secrets masked) and call metrics")
@Service
public class InfoCommand extends PerAccountCommand {

    @Reference
    BrokerFactory factory;

    @Override
    protected Object run() throws Exception {
        BrokerAccount account = registry.requireAccount(accountId);
        Map<String, Object> configuration;
        try {
            configuration = factory.configuration(accountId);
        } catch (StandardBrokerError e) {
            configuration = Map.of();
        }
        Map<String, OperationMetrics> metrics = account.metrics();
        if (json) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("accountId", account.accountId());
            info.put("brokerType", account.brokerType());
            info.put("health", account.health());
            info.put("configuration", configuration);
            info.put("metrics", metrics);
            printJson(info);
            return null;
        }
        out().println("Account    " + account.accountId());
        out().println("Type       " + account.brokerType());
        out().println("Status     " + account.health().status() + (account.health().reason() == null ? "" : " (" + account.health().reason() + ")"));
        out().println("Features   " + account.capabilities().features());
        out().println();
        ShellTable config = new ShellTable();
        config.column("Key");
        config.column("Value");
        configuration.forEach((key, value) -> config.addRow().addContent(key, value instanceof Object[] array
                ? String.join(",", java.util.Arrays.stream(array).map(String::valueOf).toList()) : String.valueOf(value)));
        config.print(out());
        out().println();
        ShellTable calls = new ShellTable();
        calls.column("Operation");
        calls.column("Calls");
        calls.column("Errors");
        calls.column("p50 (ms)");
        calls.column("p99 (ms)");
        calls.column("Max (ms)");
        calls.column("Error codes");
        metrics.values().forEach(m -> calls.addRow().addContent(m.operation(), m.calls(), m.failures(), millis(m.p50()),
                millis(m.p99()), millis(m.max()), m.errors().isEmpty() ? "" : m.errors().toString()));
        calls.print(out());
        return null;
    }
}
