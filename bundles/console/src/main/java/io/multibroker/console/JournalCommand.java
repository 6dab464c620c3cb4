package io.multibroker.console;

import io.multibroker.api.journal.OrderJournal;
import io.multibroker.api.model.Instrument;

/** What the commands that read the order journal share: the journal, which is optional (feature multibroker-journal). */
public abstract class JournalCommand extends BrokerCommand {

    protected OrderJournal requireJournal() {
        return optionalService(OrderJournal.class)
                .orElseThrow(() -> new IllegalStateException("orders are not journalled here: feature:install multibroker-journal"));
    }

    /** The instrument as the account declares it, for formatting; null when either is unknown. */
    protected Instrument instrument(String accountId, String symbol) {
        if (accountId == null || symbol == null) {
            return null;
        }
        return registry.account(accountId).map(account -> account.capabilities().instruments().get(symbol)).orElse(null);
    }
}
