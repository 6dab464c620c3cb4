package io.multibroker.abtest;

import io.multibroker.api.config.ConfigurationKind;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.routing.ExperimentMetric;
import io.multibroker.api.routing.ExperimentService;
import io.multibroker.api.support.ConfigValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * Experiments as a kind of configuration. Their schema is {@link ExperimentConfig} (keys, types, options, ranges and
 * defaults, written once there); these are the rules it cannot express. Whether the arms are registered accounts is not
 * one of them: at boot experiments are read before the accounts register, so that is checked where an experiment is
 * created or imported ({@link ExperimentServiceImpl#validate}).
 */
@Component(service = ConfigurationKind.class)
public final class ExperimentKind implements ConfigurationKind {

    static final String ID = "experiment";
    static final String NAME = "name";
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final BigDecimal ONE_HUNDRED = BigDecimal.valueOf(100);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String pid() {
        return ExperimentService.FACTORY_PID;
    }

    @Override
    public boolean factory() {
        return true;
    }

    @Override
    public String nameKey() {
        return NAME;
    }

    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        Object name = properties.get(NAME);
        if (name == null || !NAME_PATTERN.matcher(name.toString()).matches()) {
            violations.add(new ConfigurationViolation(NAME, name == null ? null : name.toString(),
                    "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        List<String> entries = ConfigValues.list(properties.get("arms"));
        Arms arms = Arms.parse(entries, violations);
        Object floor = properties.get("bandit.floor");
        if (floor != null && new BigDecimal(floor.toString()).multiply(BigDecimal.valueOf(Math.max(1, entries.size())))
                .compareTo(ONE_HUNDRED) > 0) {
            violations.add(new ConfigurationViolation("bandit.floor", floor.toString(),
                    "must be at least 0.01 % and at most 100 % divided by the number of arms"));
        }
        Object primary = properties.get("primary.metric");
        if (primary != null && "thompson".equals(String.valueOf(properties.get("allocation")))
                && ExperimentMetric.byId(primary.toString()).map(ExperimentMetric::executionQuality).orElse(false)) {
            violations.add(new ConfigurationViolation("primary.metric", primary.toString(), "with allocation thompson the primary "
                    + "metric must be one the router measures (latency, slippage, fill_rate or reject_rate): the bandit moves the "
                    + "split on each answer, before a fill's execution quality is known"));
        }
        if (arms != null) {
            for (String shadow : ConfigValues.list(properties.get("shadows"))) {
                if (arms.basisPoints().containsKey(shadow)) {
                    violations.add(new ConfigurationViolation("shadows", shadow, "is a live arm of the experiment: a shadow takes no orders"));
                }
            }
        }
        Object promoted = properties.get("promoted");
        if (promoted != null && arms != null && !arms.basisPoints().containsKey(promoted.toString())) {
            violations.add(new ConfigurationViolation("promoted", promoted.toString(), "is not an arm of the experiment"));
        }
        Object promotedAt = properties.get("promoted.at");
        if (promotedAt != null) {
            try {
                Instant.parse(promotedAt.toString());
            } catch (DateTimeParseException e) {
                violations.add(new ConfigurationViolation("promoted.at", promotedAt.toString(), "must be an ISO-8601 instant"));
            }
        }
        if (promoted != null && (promotedAt == null || properties.get("weights.before.promotion") == null)) {
            violations.add(new ConfigurationViolation("promoted", promoted.toString(),
                    "a promotion also needs promoted.at and weights.before.promotion"));
        }
        return violations;
    }
}
