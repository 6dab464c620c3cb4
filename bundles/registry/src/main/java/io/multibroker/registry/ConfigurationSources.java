package io.multibroker.registry;

/** Tells the history what is about to change a configuration, so that its next version names the source. */
public interface ConfigurationSources {

    void nextChangeOf(String pid, String source);
}
