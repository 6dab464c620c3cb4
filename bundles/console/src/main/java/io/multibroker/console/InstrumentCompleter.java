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

/**
 * Completes instrument symbols: those of the account named first on the command line, or of every
 * account when that is not an account.
 */
@Service
public class InstrumentCompleter implements Completer {

    @Reference
    private BrokerRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter strings = new StringsCompleter();
        String[] arguments = commandLine.getArguments();
        List<BrokerAccount> accounts = arguments.length > 1 && registry.account(arguments[1]).isPresent()
                ? List.of(registry.account(arguments[1]).get()) : registry.accounts();
        accounts.forEach(a -> strings.getStrings().addAll(a.capabilities().instruments().keySet()));
        return strings.complete(session, commandLine, candidates);
    }
}
