package io.multibroker.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Karaf's parser takes options only before the first argument; operators also write them after
 * ({@code broker:order paper-fast EUR_USD buy 1000 --type limit --price 1.08}). This splits such
 * trailing tokens into options (by name) and plain arguments.
 */
final class TrailingOptions {

    final Map<String, String> options = new LinkedHashMap<>();
    final List<String> arguments = new ArrayList<>();

    /**
     * @param tokens the trailing tokens
     * @param withValue the option names that take a value ({@code --price 1.1} or {@code --price=1.1})
     * @param flags the option names that take none ({@code --json})
     */
    TrailingOptions(List<String> tokens, Set<String> withValue, Set<String> flags) {
        if (tokens == null) {
            return;
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (!token.startsWith("--")) {
                arguments.add(token);
                continue;
            }
            int equals = token.indexOf('=');
            String name = equals > 0 ? token.substring(0, equals) : token;
            if (flags.contains(name)) {
                options.put(name, "true");
            } else if (withValue.contains(name)) {
                if (equals > 0) {
                    options.put(name, token.substring(equals + 1));
                } else if (i + 1 < tokens.size()) {
                    options.put(name, tokens.get(++i));
                } else {
                    throw new IllegalArgumentException(name + " needs a value");
                }
            } else {
                throw new IllegalArgumentException("unknown option " + name + " (options: " + String.join(", ", withValue)
                        + (flags.isEmpty() ? "" : ", " + String.join(", ", flags)) + ")");
            }
        }
    }

    String get(String name, String current) {
        return options.getOrDefault(name, current);
    }
}
