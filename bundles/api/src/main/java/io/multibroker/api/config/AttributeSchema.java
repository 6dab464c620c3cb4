package io.multibroker.api.config;

import java.util.List;

/**
 * One attribute of a configuration schema, as Metatype describes it.
 *
 * @param id the configuration key
 * @param name a short human name
 * @param description what it does
 * @param type the value type; {@link AttributeType#PASSWORD} marks a secret
 * @param required whether a value must be given (Metatype: required and without default)
 * @param defaultValue the default, as text, or null
 * @param options the allowed values, or empty when any value of the type is allowed
 * @param min the smallest allowed value (numbers) or length (text), as text, or null
 * @param max the largest allowed value (numbers) or length (text), as text, or null
 * @param cardinality 0 for a single value, otherwise the most values a list may hold (Metatype's cardinality)
 */
public record AttributeSchema(String id, String name, String description, AttributeType type, boolean required,
        String defaultValue, List<String> options, String min, String max, int cardinality) {

    public AttributeSchema {
        options = options == null ? List.of() : List.copyOf(options);
    }

    public boolean multiValued() {
        return cardinality != 0;
    }

    public boolean secret() {
        return type == AttributeType.PASSWORD;
    }
}
