package io.multibroker.console;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

/**
 * How a command's failure reaches the operator. Karaf prints an exception as "Error executing command: ..." in
 * red, with ANSI codes even when the output is a pipe or a file. A {@link CommandException} carrying its own
 * text is printed as that text, so for output that is not a colour terminal the failure is handed over as one
 * with the same words and no colour; on a terminal Karaf's own rendering stays.
 */
final class CommandErrors {

    static final String PREFIX = "Error executing command: ";

    private CommandErrors() {
    }

    static Exception forOutput(Session session, Exception error) {
        if (error instanceof CommandException || Terminals.showsColour(session)) {
            return error;
        }
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        return new CommandException(PREFIX + message, message, error);
    }
}
