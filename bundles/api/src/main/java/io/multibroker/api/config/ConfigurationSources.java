package io.multibroker.api.config;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Tells the configuration history what is about to change a configuration, so that its next version names
 * the source ({@code console}, {@code import}, {@code rollback}, {@code promotion}, ...) rather than the
 * generic {@code configadmin}.
 */
@ProviderType
public interface ConfigurationSources {

    /** The next change of the configuration {@code pid} comes from {@code source}. */
    void nextChangeOf(String pid, String source);
}
