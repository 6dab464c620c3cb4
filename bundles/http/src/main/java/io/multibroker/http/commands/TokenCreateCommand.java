package io.multibroker.http.commands;

import io.multibroker.http.Role;
import io.multibroker.http.TokenService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "http", name = "token-create", description = "Creates an API token for the HTTP API and prints it once: only its salted hash is kept")
@Service
public class TokenCreateCommand implements Action {

    @Argument(index = 0, name = "name", required = true, description = "What the token is for (letters, digits, . _ -)")
    String name;

    @Argument(index = 1, name = "options", multiValued = true, description = "--role may also follow the name, as in "
            + "http:token-create trading-bot --role trader")
    List<String> trailing;

    @Option(name = "--role", description = "viewer (reads), trader (reads and orders) or admin (everything)")
    @Completion(values = {"viewer", "trader", "admin"}, value = StringsCompleter.class)
    String role;

    @Reference
    TokenService tokens;

    @Reference
    Session session;

    @Override
    public Object execute() {
        // Karaf reads options only before the first argument: the usage the documentation gives has it after the name
        if (trailing != null && !trailing.isEmpty()) {
            if (trailing.size() != 2 || !"--role".equals(trailing.get(0))) {
                throw new IllegalArgumentException("unexpected arguments " + trailing + "; usage: http:token-create <name> --role viewer|trader|admin");
            }
            role = trailing.get(1);
        }
        if (role == null) {
            throw new IllegalArgumentException("--role viewer|trader|admin is required");
        }
        Role granted = Role.of(role);
        String token = tokens.store().create(name, granted);
        session.getConsole().println(token);
        session.getConsole().println("Token " + name + " (" + granted.id() + ") created. It is shown only now: keep it; "
                + "http:token-revoke " + name + " ends it.");
        return null;
    }
}
