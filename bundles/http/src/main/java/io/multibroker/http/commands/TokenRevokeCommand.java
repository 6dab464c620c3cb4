package io.multibroker.http.commands;

import io.multibroker.http.TokenService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

@Command(scope = "http", name = "token-revoke", description = "Revokes an HTTP API token at once, by name or id")
@Service
public class TokenRevokeCommand implements Action {

    @Argument(index = 0, name = "token", required = true, description = "The token's name or id")
    String token;

    @Reference
    TokenService tokens;

    @Reference
    Session session;

    @Override
    public Object execute() {
        if (!tokens.store().revoke(token)) {
            throw new IllegalArgumentException("no token named " + token + " (http:token-list lists them)");
        }
        session.getConsole().println("Token " + token + " revoked.");
        return null;
    }
}
