package io.multibroker.risk;

import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.risk.TradingState;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Tells every change of a trading state: to the order journal (who, when, why) and, when Event Admin is there, as an
 * event on the state's topic. Both are optional and come and go.
 */
final class StateAnnouncements {

    private final StateJournal journal = new StateJournal();
    private volatile EventAdmin eventAdmin;

    void eventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    /** Forgets Event Admin if it is this one. */
    void eventAdminGone(EventAdmin admin) {
        if (this.eventAdmin == admin) {
            this.eventAdmin = null;
        }
    }

    void journal(Object key, OrderJournal bound) {
        journal.bind(key, bound);
    }

    /** Forgets the journal bound under this key; the one forgotten, or null. */
    OrderJournal journalGone(Object key) {
        return journal.unbind(key);
    }

    void changed(String accountId, TradingState from, ScopeState next) {
        journal.changed(accountId, from, next);
        announce(accountId, next);
    }

    private void announce(String accountId, ScopeState state) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        if (accountId != null) {
            properties.put("account.id", accountId);
        }
        properties.put("state", state.state().name());
        properties.put("by", state.by() == null ? "" : state.by());
        properties.put("reason", state.reason() == null ? "" : state.reason());
        properties.put("time", String.valueOf(state.since()));
        admin.postEvent(new Event(TradingStates.topic(state.state()), properties));
    }
}
