package io.multibroker.api.config;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One kind of configuration: the accounts of a broker type, experiments, the registry's settings, risk limits. The bundle
 * that owns a kind registers it as a service and designates a Metatype object class for {@link #pid()}: that schema is the
 * kind's only schema. The registry's configuration guard then treats every kind alike: it validates each configuration
 * against the schema and {@link #validate}, records the versions that take effect, hands the owner its last valid
 * configuration when an edit is refused, and exports and imports it. Adding a kind touches no other bundle.
 */
@ConsumerType
public interface ConfigurationKind {

    /** Short id: {@code paper}, {@code experiment}, {@code registry}. */
    String id();

    /** The ConfigAdmin PID, or the factory PID when {@link #factory()}. */
    String pid();

    /** Whether {@link #pid()} is a factory PID, with one configuration per account, experiment, .... */
    boolean factory();

    /**
     * The key whose value names one configuration of a factory kind ({@code account.id}, {@code name}); it cannot change
     * once the configuration exists. Null for a singleton.
     */
    String nameKey();

    /**
     * What a configuration is called in the history, in refusals, events and exports: {@code <id>:<name>}, or the id of a
     * singleton. Broker types call an account by its account id alone.
     */
    default String subject(String name) {
        return name == null ? id() : id() + ":" + name;
    }

    /**
     * Rules that the Metatype schema cannot express (a pattern, a sum, two settings that exclude each other). Called after
     * the schema's checks, with the values converted to the schema's types.
     */
    default List<ConfigurationViolation> validate(Map<String, Object> properties) {
        return List.of();
    }

    /** Whether each configuration that takes effect becomes a version in the {@link ConfigurationHistory}. */
    default boolean versioned() {
        return true;
    }
}
