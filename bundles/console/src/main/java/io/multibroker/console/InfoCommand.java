package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerFactory;
import io.multibroker.api.config.ConfigurationHistory;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import io.multibroker.api.metrics.OperationMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "broker", name = "info", description = "Shows an account: type, health, configuration in force (secrets masked; a refused one beside it) and call metrics")
@Service
public class InfoCommand extends PerAccountCommand {

    @Reference
    BrokerFactory factory;

    @Reference
    ConfigurationHistory history;

    @Override
    protected Object run() throws Exception {
        BrokerAccount account = registry.requireAccount(accountId);
        Map<String, Object> stored;
        try {
            stored = factory.configuration(accountId);
        } catch (StandardBrokerError e) {
            stored = Map.of();
        }
        List<ConfigurationViolation> refusal = history.refusal(accountId);
        ConfigurationSchema schema = registry.type(account.brokerType()).map(t -> t.schema()).orElse(null);
        Predicate<String> secret = key -> key.startsWith(".") || (schema != null && schema.isSecret(key));
        List<ShownConfiguration.Row> configuration = ShownConfiguration.rows(stored, history.versions(accountId), refusal, secret);
        Map<String, OperationMetrics> metrics = account.metrics();
        if (json) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("accountId", account.accountId());
            info.put("brokerType", account.brokerType());
            info.put("health", account.health());
            Map<String, String> inForce = new LinkedHashMap<>();
            configuration.stream().filter(row -> !row.inForce().equals("(not set)")).forEach(row -> inForce.put(row.key(), row.inForce()));
            info.put("configuration", inForce);
            info.put("refused", refusal);
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
        config.column("Value in force");
        boolean anyRefused = configuration.stream().anyMatch(row -> !row.refused().isEmpty());
        if (anyRefused) {
            config.column("Refused (not in force)").maxSize(80);
        }
        for (ShownConfiguration.Row row : configuration) {
            var line = config.addRow();
            line.addContent(row.key(), row.inForce());
            if (anyRefused) {
                line.addContent(TextWrap.wrap(row.refused(), 80));
            }
        }
        config.print(out());
        out().println();
        ShellTable calls = new ShellTable();
        calls.column("Operation");
        calls.column("Calls").alignRight();
        calls.column("Errors").alignRight();
        calls.column("p50 (ms)").alignRight();
        calls.column("p99 (ms)").alignRight();
        calls.column("Max (ms)").alignRight();
        calls.column("Error codes");
        metrics.values().forEach(m -> calls.addRow().addContent(m.operation(), m.calls(), m.failures(), Formats.millis(m.p50()),
                Formats.millis(m.p99()), Formats.millis(m.max()), errorCodes(m.errors())));
        calls.print(out());
        return null;
    }

    static String errorCodes(Map<ErrorCode, Long> errors) {
        return errors.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
