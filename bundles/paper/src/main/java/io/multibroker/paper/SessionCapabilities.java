package io.multibroker.paper;

import io.multibroker.api.capability.BrokerCapabilities;
import io.multibroker.api.capability.TradingSession;
import io.multibroker.api.model.InstrumentType;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * An account's capabilities with the equity session as of now. {@link TradingSession} reads forward over one open or
 * close only, so the session is derived again at each of them; in between the same value is handed out, so that
 * asking costs nothing (the router asks for every order) and the registry sees a change only when the market opens or
 * closes. Thread-safe: a stale read computes the same value twice at worst.
 */
final class SessionCapabilities {

    private record Snapshot(BrokerCapabilities base, BrokerCapabilities withSession, Instant validUntil) {
    }

    private final Clock clock;
    private volatile Snapshot snapshot;

    SessionCapabilities(Clock clock) {
        this.clock = clock;
    }

    /** {@code base} with the equity session of {@code hours}; {@code base} itself when the account trades no equities. */
    BrokerCapabilities of(BrokerCapabilities base, MarketHours hours) {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (current != null && current.base == base && now.isBefore(current.validUntil)) {
            return current.withSession;
        }
        if (base.instruments().values().stream().noneMatch(i -> i.type() == InstrumentType.EQUITY)) {
            snapshot = new Snapshot(base, base, Instant.MAX);
            return base;
        }
        TradingSession session = hours.sessionAt(now);
        Snapshot next = new Snapshot(base, base.withSessions(Map.of(InstrumentType.EQUITY, session)),
                session.open() ? session.nextClose() : session.nextOpen());
        snapshot = next;
        return next.withSession;
    }
}
