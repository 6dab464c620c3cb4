package io.multibroker.console;

import io.multibroker.api.BrokerRegistry;
import io.multibroker.api.BrokerTypeInfo;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the registered broker types. */
@Service
public class BrokerTypeCompleter implements Completer {

    @Reference
    private BrokerRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter strings = new StringsCompleter();
        registry.types().stream().map(BrokerTypeInfo::id).forEach(strings.getStrings()::add);
        return strings.complete(session, commandLine, candidates);
    }
}
