package io.multibroker.api.config;

import java.util.List;
import java.util.Optional;

/**
 * The schema of a configuration PID, read from Metatype.
 *
 * @param pid the (factory) PID it describes
 * @param name the human name
 * @param description what is configured
 * @param attributes the attributes, in their declared order
 */
public record ConfigurationSchema(String pid, String name, String description, List<AttributeSchema> attributes) {

    public ConfigurationSchema {
        attributes = List.copyOf(attributes);
    }

    public Optional<AttributeSchema> attribute(String id) {
        return attributes.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public boolean isSecret(String id) {
        return attribute(id).map(AttributeSchema::secret).orElse(false);
    }
}
