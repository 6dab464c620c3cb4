package io.multibroker.risk;

import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.risk.TradingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every change of trading state (who, why, which scope, when) into the order journal, as a
 * {@code TRADING_STATE} entry among the orders' entries.
 *
 * <p>Why the order journal: it is where operators read what happened to orders ({@code broker:events}, the HTTP API), so
 * that a halt shows in the same timeline as the fills before it and the refusals after it; it is durable (committed to
 * its database, PostgreSQL shared by runtimes when configured), which a log file on one machine is not. The risk layer's
 * own {@code risk-journal.log} stays as the record that needs nothing else: the journal is an optional service, and a
 * halt must take effect, and be recorded somewhere, without waiting for a database. The write is asynchronous for the
 * same reason; a failure is logged, never thrown at the operator whose halt is already in force.
 */
final class StateJournal {

    private static final Logger LOG = LoggerFactory.getLogger(StateJournal.class);

    private Object boundKey;
    private volatile OrderJournal journal;

    /** The journal now bound (replacing any other), under the key it is unbound with. */
    synchronized void bind(Object key, OrderJournal bound) {
        boundKey = key;
        journal = bound;
    }

    /** Forgets the journal if it is the one bound under the key; returns the journal forgotten, or null. */
    synchronized OrderJournal unbind(Object key) {
        if (key == null ? boundKey != null : !key.equals(boundKey)) {
            return null;
        }
        OrderJournal forgotten = journal;
        boundKey = null;
        journal = null;
        return forgotten;
    }

    /** Records the change of the scope (null account: global) from one state to the next. */
    void changed(String accountId, TradingState from, ScopeState next) {
        OrderJournal current = journal;
        String scope = accountId == null ? "global" : accountId;
        if (current == null) {
            LOG.warn("risk: {} {} -> {} is not in the order journal (none is running); it is in risk-journal.log", scope, from,
                    next.state());
            return;
        }
        try {
            current.tradingState(accountId, from, next.state(), next.by(), next.reason(), next.since()).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.error("risk: {} {} -> {} could not be written to the order journal ({}); it is in risk-journal.log", scope, from,
                            next.state(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.error("risk: {} {} -> {} could not be written to the order journal ({}); it is in risk-journal.log", scope, from,
                    next.state(), e.toString());
        }
    }
}
