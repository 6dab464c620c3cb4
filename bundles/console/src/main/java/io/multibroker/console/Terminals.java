package io.multibroker.console;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;

/** Whether a session's output goes to a terminal that shows ANSI colours. */
final class Terminals {

    private Terminals() {
    }

    /**
     * A command run over {@code ssh host command} gets a headless session without a terminal; with {@code ssh -t}
     * the client's TERM reaches the session as a variable. An interactive shell has a terminal, {@code dumb} when
     * the client named none.
     */
    static boolean showsColour(Session session) {
        if (session == null) {
            return false;
        }
        Terminal terminal = session.getTerminal();
        if (terminal != null) {
            return terminal.isAnsiSupported() && !isDumb(terminal.getType());
        }
        Object term = session.get("TERM");
        return term != null && !isDumb(term.toString());
    }

    private static boolean isDumb(String type) {
        return type == null || type.isBlank() || type.startsWith("dumb");
    }
}
