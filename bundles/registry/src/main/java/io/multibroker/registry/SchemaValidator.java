package io.multibroker.registry;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationSchema;
import io.multibroker.api.config.ConfigurationViolation;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks configuration properties against a Metatype schema and converts them to the schema's
 * types. Every violation is named with its key, its value (masked for secrets) and the rule it breaks.
 */
final class SchemaValidator {

    static final String MASK = "********";

    /** Keys that ConfigAdmin, FileInstall and DS put into configurations themselves. */
    private static final Set<String> FRAMEWORK_KEYS = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename", "component.name", "component.id");

    private SchemaValidator() {
    }

    static boolean isFrameworkKey(String key) {
        return FRAMEWORK_KEYS.contains(key) || key.startsWith(".");
    }

    /** The violations of these properties; empty when they are valid. */
    static List<ConfigurationViolation> validate(ConfigurationSchema schema, Map<String, ?> properties) {
        List<ConfigurationViolation> violations = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        schema.attributes().forEach(a -> known.add(a.id()));
        for (String key : new TreeSet<>(properties.keySet())) {
            if (!known.contains(key) && !isFrameworkKey(key) && !key.equals(BrokerAdapter.ACCOUNT_ENABLED)) {
                violations.add(new ConfigurationViolation(key, String.valueOf(properties.get(key)),
                        "unknown key for " + schema.pid() + " (known keys: " + String.join(", ", known) + ")"));
            }
        }
        for (AttributeSchema attribute : schema.attributes()) {
            Object value = properties.get(attribute.id());
            if (value == null || (value instanceof String text && text.isBlank() && attribute.required())) {
                if (attribute.required()) {
                    violations.add(new ConfigurationViolation(attribute.id(), null, "is required (" + attribute.name() + ")"));
                }
                continue;
            }
            List<String> values = values(value, attribute);
            if (!attribute.multiValued() && values.size() > 1) {
                violations.add(new ConfigurationViolation(attribute.id(), shown(attribute, value), "takes a single value"));
                continue;
            }
            if (attribute.cardinality() > 0 && values.size() > attribute.cardinality()
                    || attribute.cardinality() < 0 && values.size() > -attribute.cardinality()) {
                violations.add(new ConfigurationViolation(attribute.id(), shown(attribute, value),
                        "takes at most " + Math.abs(attribute.cardinality()) + " values"));
            }
            for (String single : values) {
                String problem = problem(attribute, single);
                if (problem != null) {
                    violations.add(new ConfigurationViolation(attribute.id(), attribute.secret() ? MASK : single, problem));
                }
            }
        }
        if (properties.containsKey(BrokerAdapter.ACCOUNT_ENABLED) && !known.contains(BrokerAdapter.ACCOUNT_ENABLED)) {
            String enabled = String.valueOf(properties.get(BrokerAdapter.ACCOUNT_ENABLED));
            if (!enabled.equals("true") && !enabled.equals("false")) {
                violations.add(new ConfigurationViolation(BrokerAdapter.ACCOUNT_ENABLED, enabled, "must be true or false"));
            }
        }
        return violations;
    }

    /** The properties converted to the schema's types (Long, Integer, Double, Boolean, String, String[]). Call after {@link #validate}. */
    static Map<String, Object> coerce(ConfigurationSchema schema, Map<String, ?> properties) {
        Map<String, Object> typed = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            AttributeSchema attribute = schema.attribute(key).orElse(null);
            if (attribute == null) {
                typed.put(key, key.equals(BrokerAdapter.ACCOUNT_ENABLED) ? Boolean.valueOf(value.toString()) : value);
                return;
            }
            List<String> values = values(value, attribute);
            if (values.size() == 1 && isPlaceholder(values.get(0))) {
                typed.put(key, values.get(0).trim());
            } else if (attribute.multiValued()) {
                typed.put(key, values.stream().map(v -> convert(attribute.type(), v)).toArray(size -> array(attribute.type(), size)));
            } else {
                typed.put(key, convert(attribute.type(), values.get(0)));
            }
        });
        return typed;
    }

    private static Object[] array(AttributeType type, int size) {
        return switch (type) {
            case LONG -> new Long[size];
            case INTEGER -> new Integer[size];
            case DOUBLE -> new Double[size];
            case BOOLEAN -> new Boolean[size];
            default -> new String[size];
        };
    }

    private static Object convert(AttributeType type, String value) {
        if (isPlaceholder(value)) {
            return value.trim();
        }
        String trimmed = value.trim();
        return switch (type) {
            case LONG -> Long.valueOf(trimmed);
            case INTEGER -> Integer.valueOf(trimmed);
            case DOUBLE -> Double.valueOf(trimmed);
            case BOOLEAN -> Boolean.valueOf(trimmed);
            case STRING -> trimmed;
            // secrets are kept exactly as given: a token may legitimately end in a space
            case PASSWORD -> value;
        };
    }

    /** A value as a list of texts: arrays and collections as they are, a comma-separated text for a multi-valued attribute. */
    private static List<String> values(Object value, AttributeSchema attribute) {
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(String::valueOf).toList();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return items;
        }
        String text = String.valueOf(value);
        if (attribute.multiValued()) {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return List.of(text);
    }

    /** A Karaf interpolation placeholder ({@code $[env:X]}, {@code $[secret:X]}): checked once resolved, by the configuration guard. */
    static boolean isPlaceholder(String value) {
        String trimmed = value.trim();
        return trimmed.startsWith("$[") && trimmed.endsWith("]");
    }

    private static String problem(AttributeSchema attribute, String value) {
        if (isPlaceholder(value)) {
            return null;
        }
        String trimmed = value.trim();
        BigDecimal number = null;
        switch (attribute.type()) {
            case LONG, INTEGER -> {
                try {
                    number = new BigDecimal(trimmed);
                    if (number.stripTrailingZeros().scale() > 0) {
                        return "must be a whole number";
                    }
                    if (attribute.type() == AttributeType.INTEGER) {
                        Integer.parseInt(trimmed);
                    } else {
                        Long.parseLong(trimmed);
                    }
                } catch (NumberFormatException e) {
                    return "must be a whole number" + (attribute.type() == AttributeType.INTEGER ? " (32-bit)" : "");
                }
            }
            case DOUBLE -> {
                try {
                    number = new BigDecimal(trimmed);
                } catch (NumberFormatException e) {
                    return "must be a number";
                }
            }
            case BOOLEAN -> {
                if (!trimmed.equals("true") && !trimmed.equals("false")) {
                    return "must be true or false";
                }
            }
            default -> {
            }
        }
        if (!attribute.options().isEmpty() && !attribute.options().contains(trimmed)) {
            return "must be one of " + String.join(", ", attribute.options());
        }
        if (number != null) {
            if (attribute.min() != null && number.compareTo(new BigDecimal(attribute.min().trim())) < 0) {
                return "must be at least " + attribute.min();
            }
            if (attribute.max() != null && number.compareTo(new BigDecimal(attribute.max().trim())) > 0) {
                return "must be at most " + attribute.max();
            }
        }
        return null;
    }

    private static String shown(AttributeSchema attribute, Object value) {
        return attribute.secret() ? MASK : String.valueOf(value);
    }

    /** The properties with every secret attribute's value replaced by a mask. */
    static Map<String, Object> masked(ConfigurationSchema schema, Map<String, ?> properties) {
        Map<String, Object> shown = new LinkedHashMap<>();
        properties.forEach((key, value) -> shown.put(key, schema != null && schema.isSecret(key) ? MASK : value));
        return shown;
    }
}
