package io.multibroker.console;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads an option's or argument's text as the value it stands for; a bad one is refused naming the option,
 * the value and the rule ({@code --good-till: "tomorrow" is not an ISO-8601 instant (e.g. 2026-12-01T16:00:00Z)}).
 */
final class OptionValues {

    private OptionValues() {
    }

    static int wholeNumber(String option, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw refused(option, text, "is not a whole number");
        }
    }

    static int wholeNumber(String option, String text, int min, int max) {
        int value = wholeNumber(option, text);
        if (value < min || value > max) {
            throw refused(option, text, "must be between " + min + " and " + max);
        }
        return value;
    }

    static BigDecimal decimal(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw refused(option, text, "is not a decimal number (e.g. 1.08250)");
        }
    }

    static Instant instant(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw refused(option, text, "is not an ISO-8601 instant (e.g. 2026-12-01T16:00:00Z)");
        }
    }

    static <E extends Enum<E>> E oneOf(Class<E> type, String option, String text) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw refused(option, text, "is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    static IllegalArgumentException refused(String option, String text, String rule) {
        return new IllegalArgumentException(option + ": \"" + text + "\" " + rule);
    }
}
