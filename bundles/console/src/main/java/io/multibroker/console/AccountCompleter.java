package io.multibroker.console;

import io.multibroker.api.BrokerAccount;
import io.multibroker.api.BrokerRegistry;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the registered accounts. */
@Service
public class AccountCompleter implements Completer {

    @Reference
    private BrokerRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter strings = new StringsCompleter();
        registry.accounts().stream().map(BrokerAccount::accountId).forEach(strings.getStrings()::add);
        return strings.complete(session, commandLine, candidates);
    }
}
