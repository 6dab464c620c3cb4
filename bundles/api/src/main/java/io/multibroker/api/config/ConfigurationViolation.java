package io.multibroker.api.config;

/**
 * One reason a configuration was refused.
 *
 * @param key the offending key
 * @param value the offending value as given (masked when the attribute is secret), or null when missing
 * @param rule the rule it breaks, in words
 */
public record ConfigurationViolation(String key, String value, String rule) {

    @Override
    public String toString() {
        return key + (value == null ? "" : "=" + value) + ": " + rule;
    }
}
