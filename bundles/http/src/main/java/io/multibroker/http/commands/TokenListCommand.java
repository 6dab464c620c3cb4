package io.multibroker.http.commands;

import io.multibroker.http.TokenInfo;
import io.multibroker.http.TokenService;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "http", name = "token-list", description = "The HTTP API's tokens: name, id, role and creation time (never the tokens)")
@Service
public class TokenListCommand implements Action {

    @Reference
    TokenService tokens;

    @Reference
    Session session;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Id");
        table.column("Role");
        table.column("Created (UTC)");
        for (TokenInfo token : tokens.store().list()) {
            table.addRow().addContent(token.name(), token.id(), token.role().id(), token.createdAt().toString());
        }
        table.print(session.getConsole());
        return null;
    }
}
