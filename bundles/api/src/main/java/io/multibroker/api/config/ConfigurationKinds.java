package io.multibroker.api.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The kinds of configuration registered now, their schemas and the one validator they share: what a bundle that writes a
 * configuration (the factory, the experiment service, the console) checks it with before writing.
 */
@ProviderType
public interface ConfigurationKinds {

    /** Every registered kind, by id. */
    List<ConfigurationKind> kinds();

    /** The kind of this (factory) PID, if one is registered. */
    Optional<ConfigurationKind> kindOf(String pid);

    /** The kind's Metatype schema, if its bundle publishes one. */
    Optional<ConfigurationSchema> schema(String pid);

    /**
     * The violations of these properties: the schema's (unknown keys, types, options, ranges, required keys), then, when
     * those pass, the kind's own rules. Empty when valid.
     */
    List<ConfigurationViolation> validate(String pid, Map<String, ?> properties);

    /**
     * The properties converted to the schema's types, with the schema's default written in for every attribute that has one
     * and is not given. Call after {@link #validate}.
     */
    Map<String, Object> typed(String pid, Map<String, ?> properties);
}
