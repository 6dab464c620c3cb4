package io.multibroker.risk;

import io.multibroker.api.risk.RiskControl;
import io.multibroker.api.risk.TradingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading states, kept across restarts: a properties file written atomically on every change (so that a crash
 * leaves the old or the new one, never half of one), and an append-only file of every change with who and why. Each
 * change is also handed to the listener (which writes it to the order journal and posts it on EventAdmin).
 */
final class TradingStates {

    /** Told of every change: the account id (null for the global scope), the state before and the new one. */
    @FunctionalInterface
    interface Listener {
        void changed(String accountId, TradingState from, ScopeState next);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TradingStates.class);
    static final String GLOBAL = "*";

    private final Path file;
    private final Path journal;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, ScopeState> states = new ConcurrentHashMap<>();
    private volatile ScopeState global = ScopeState.ACTIVE;

    /**
     * @param directory where {@code risk-state.properties} and {@code risk-journal.log} live
     * @param listener told of every change
     */
    TradingStates(Path directory, Clock clock, Listener listener) {
        this.file = directory.resolve("risk-state.properties");
        this.journal = directory.resolve("risk-journal.log");
        this.clock = clock;
        this.listener = listener;
        load();
    }

    ScopeState global() {
        return global;
    }

    ScopeState of(String accountId) {
        ScopeState state = states.get(accountId);
        return state == null ? ScopeState.ACTIVE : state;
    }

    Map<String, ScopeState> accounts() {
        return Map.copyOf(states);
    }

    /** The state in force for the account: the stricter of its own and the global one. */
    TradingState inForce(String accountId) {
        ScopeState own = states.get(accountId);
        TradingState global = this.global.state();
        return own == null ? global : global.stricter(own.state());
    }

    /** Sets the scope's state (null account: global), keeps it, journals and announces it. */
    synchronized ScopeState set(String accountId, TradingState state, String reason, String by, boolean liveResumed) {
        ScopeState next = new ScopeState(state, reason, by, clock.instant(), liveResumed);
        ScopeState previous = accountId == null ? global : of(accountId);
        if (accountId == null) {
            global = next;
        } else {
            states.put(accountId, next);
        }
        save();
        append(accountId, previous.state(), next);
        listener.changed(accountId, previous.state(), next);
        return next;
    }

    /** Forgets that a live account was resumed (its environment is no longer live): it will start HALTED if it goes live again. */
    synchronized void clearLiveResumed(String accountId) {
        ScopeState own = states.get(accountId);
        if (own != null && own.liveResumed()) {
            states.put(accountId, new ScopeState(own.state(), own.reason(), own.by(), own.since(), false));
            save();
        }
    }

    static String topic(TradingState state) {
        return switch (state) {
            case HALTED -> RiskControl.TOPIC_HALTED;
            case REDUCING -> RiskControl.TOPIC_REDUCING;
            case ACTIVE -> RiskControl.TOPIC_RESUMED;
        };
    }

    private void load() {
        Properties stored;
        try {
            stored = StoredProperties.read(file);
        } catch (IOException e) {
            // a state file that cannot be read must not let trading resume silently
            LOG.error("risk: the trading states in {} cannot be read ({}): everything starts HALTED", file, e.toString());
            global = new ScopeState(TradingState.HALTED, "the trading states in " + file + " could not be read: " + e, "risk",
                    clock.instant(), false);
            return;
        }
        Map<String, Map<String, String>> byScope = new HashMap<>();
        for (String key : stored.stringPropertyNames()) {
            int dot = key.lastIndexOf('.');
            if (dot > 0) {
                byScope.computeIfAbsent(key.substring(0, dot), scope -> new HashMap<>()).put(key.substring(dot + 1), stored.getProperty(key));
            }
        }
        byScope.forEach((scope, values) -> {
            ScopeState state;
            try {
                state = new ScopeState(TradingState.valueOf(values.getOrDefault("state", "HALTED")), values.get("reason"), values.get("by"),
                        values.containsKey("since") ? Instant.parse(values.get("since")) : null, Boolean.parseBoolean(values.get("live")));
            } catch (RuntimeException e) {
                state = new ScopeState(TradingState.HALTED, "its stored trading state could not be read: " + e.getMessage(), "risk",
                        clock.instant(), false);
            }
            if (scope.equals(GLOBAL)) {
                global = state;
            } else {
                states.put(scope, state);
            }
        });
    }

    private void save() {
        Properties stored = new Properties();
        put(stored, GLOBAL, global);
        states.forEach((account, state) -> put(stored, account, state));
        try {
            StoredProperties.write(file, stored, "Multibroker trading states (risk:halt / risk:resume); written by the risk bundle");
        } catch (IOException e) {
            LOG.error("risk: the trading states could not be written to {}: {}", file, e.toString());
            throw new UncheckedIOException("the trading state could not be kept in " + file, e);
        }
    }

    private static void put(Properties stored, String scope, ScopeState state) {
        stored.setProperty(scope + ".state", state.state().name());
        if (state.reason() != null) {
            stored.setProperty(scope + ".reason", state.reason());
        }
        if (state.by() != null) {
            stored.setProperty(scope + ".by", state.by());
        }
        if (state.since() != null) {
            stored.setProperty(scope + ".since", state.since().toString());
        }
        if (state.liveResumed()) {
            stored.setProperty(scope + ".live", "true");
        }
    }

    private void append(String accountId, TradingState from, ScopeState next) {
        String line = next.since() + "\t" + (accountId == null ? "global" : accountId) + "\t" + from + " -> " + next.state() + "\t"
                + clean(next.by()) + "\t" + clean(next.reason()) + System.lineSeparator();
        try {
            Files.writeString(journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            LOG.error("risk: the change to {} of {} could not be journalled in {}: {}", next.state(), accountId, journal, e.toString());
        }
        LOG.warn("risk: {} {} -> {} by {}: {}", accountId == null ? "global" : accountId, from, next.state(), next.by(), next.reason());
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
