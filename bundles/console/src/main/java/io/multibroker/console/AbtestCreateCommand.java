package io.multibroker.console;

import io.multibroker.api.config.ConfigurationKinds;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.routing.ExperimentService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "abtest", name = "create", description = "Creates an experiment: abtest:create <name> <account=percent>... [key=value settings]")
@Service
public class AbtestCreateCommand extends ExperimentCommand {

    @Argument(index = 0, name = "name", required = true, description = "The experiment's name")
    String name;

    @Argument(index = 1, name = "arms and settings", required = true, multiValued = true,
            description = "Arms as account=percent (summing to exactly 100); settings as key=value: salt, instruments, order.types, "
                    + "primary.metric, guardrails, significance.level, minimum.sample.per.arm, auto.select, allocation (fixed or thompson), bandit.floor")
    @Completion(AccountCompleter.class)
    List<String> items;

    @Reference
    ConfigurationKinds kinds;

    @Override
    protected Object run() throws Exception {
        // a setting is a key of the experiment's schema; anything else is an arm
        Set<String> settingKeys = new HashSet<>();
        kinds.schema(ExperimentService.FACTORY_PID).ifPresent(schema -> schema.attributes().forEach(a -> settingKeys.add(a.id())));
        settingKeys.remove("arms");
        settingKeys.remove("name");
        Map<String, Object> settings = new LinkedHashMap<>();
        List<String> arms = new ArrayList<>();
        // arms may name accounts not registered (yet): said only when the experiment is refused, where a mistyped setting
        // taken for an arm shows as wrong weights
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Object> item : CreateCommand.parse(items).entrySet()) {
            if (settingKeys.contains(item.getKey())) {
                settings.put(item.getKey(), item.getValue());
            } else {
                arms.add(item.getKey() + "=" + item.getValue());
                if (registry.account(item.getKey()).isEmpty()) {
                    unknown.add(item.getKey());
                }
            }
        }
        settings.put("arms", arms);
        try {
            experiments().create(name, settings);
        } catch (InvalidConfigurationException refused) {
            if (unknown.isEmpty()) {
                throw refused;
            }
            List<ConfigurationViolation> violations = new ArrayList<>(refused.violations());
            violations.add(new ConfigurationViolation("arms", String.join(",", unknown), "taken as arms, but no registered account has "
                    + (unknown.size() == 1 ? "this name" : "these names") + "; the settings are " + String.join(", ",
                    new TreeSet<>(settingKeys))));
            throw new InvalidConfigurationException("experiment " + name, violations);
        }
        out().println("Experiment " + name + " created: route orders to it with broker:order * <instrument> <side> <units> --route " + name);
        return null;
    }
}
