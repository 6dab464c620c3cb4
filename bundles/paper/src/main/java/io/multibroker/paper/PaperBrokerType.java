package io.multibroker.paper;

import io.multibroker.api.BrokerType;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.support.ConfigValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Announces the {@code paper} broker type; its schema is the Metatype of {@link PaperBrokerConfig}. */
@Component(service = BrokerType.class, property = "broker.type=paper")
public final class PaperBrokerType implements BrokerType {

    static final String ID = "paper";
    static final String FACTORY_PID = "io.multibroker.paper";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Paper (simulated broker)";
    }

    @Override
    public String factoryPid() {
        return FACTORY_PID;
    }

    @Override
    public Set<BrokerCapability> staticCapabilities() {
        return PaperCapabilities.features(true);
    }

    /**
     * The starting balance and the liquidity per price step are text in the schema (Metatype has no decimal type): each
     * must be a non-negative decimal (the liquidity may be left empty). Each instrument must belong to one of the asset
     * classes, and an account cannot take its prices from itself.
     */
    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        nonNegativeDecimal(properties, "balance").ifPresent(violations::add);
        nonNegativeDecimal(properties, "max.fill.units").ifPresent(violations::add);
        try {
            Set<AssetClass> classes = AssetClass.parse(words(properties.get("asset.classes")));
            PaperSettings.instruments(words(properties.get("instruments")), classes.isEmpty() ? Set.of(AssetClass.FX) : classes);
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith("asset.classes") ? "asset.classes" : "instruments";
            violations.add(new ConfigurationViolation(key, ConfigValues.text(properties.get(key)), e.getMessage()));
        }
        Object source = properties.get("price.source");
        if (source != null && !source.toString().isBlank() && source.toString().trim().equals(String.valueOf(properties.get("account.id")))) {
            violations.add(new ConfigurationViolation("price.source", source.toString(), "an account cannot take its prices from itself"));
        }
        return violations;
    }

    /** A list property as ConfigAdmin may hold it (an array, a collection or one comma-separated text), as its items. */
    private static String[] words(Object value) {
        return ConfigValues.list(value).toArray(String[]::new);
    }

    private static Optional<ConfigurationViolation> nonNegativeDecimal(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        try {
            if (new BigDecimal(value.toString().trim()).signum() < 0) {
                return Optional.of(new ConfigurationViolation(key, value.toString(), "must not be negative"));
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of(new ConfigurationViolation(key, value.toString(), "must be a decimal number"));
        }
    }
}
