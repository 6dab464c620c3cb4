package io.multibroker.console;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/**
 * A command about one account: {@code broker:<name> <account> [options]}. Options are taken after the
 * account too ({@code broker:capabilities paper-fast --history}), which Karaf's own parser does not do.
 */
public abstract class PerAccountCommand extends BrokerCommand {

    @Argument(index = 0, name = "account", required = true, description = "The account id")
    @Completion(AccountCompleter.class)
    String accountId;

    @Argument(index = 1, name = "options", multiValued = true, description = "Options may also follow the account")
    List<String> trailingOptions;

    /** The flags this command takes after the account, besides --json. */
    protected Set<String> trailingFlags() {
        return Set.of();
    }

    /** Sets a flag given after the account. */
    protected void flag(String name) {
    }

    @Override
    protected final void readTrailingOptions() {
        Set<String> flags = new HashSet<>(trailingFlags());
        flags.add("--json");
        TrailingOptions given = new TrailingOptions(trailingOptions, Set.of(), flags);
        if (!given.arguments.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + given.arguments + " after the account");
        }
        given.options.keySet().forEach(name -> {
            if (name.equals("--json")) {
                json = true;
            } else {
                flag(name);
            }
        });
    }
}
