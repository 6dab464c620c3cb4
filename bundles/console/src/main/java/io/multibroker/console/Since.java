package io.multibroker.console;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses {@code --since}: a span back from now ({@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}) or an ISO-8601 instant. */
final class Since {

    private Since() {
    }

    static Instant parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Instant.EPOCH;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        char unit = text.charAt(text.length() - 1);
        if (Character.isLetter(unit) && text.length() > 1 && text.substring(0, text.length() - 1).chars().allMatch(Character::isDigit)) {
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            Duration span = switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("--since " + value + ": the unit must be s, m, h or d");
            };
            return now.minus(span);
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since " + value + ": give a span (30s, 15m, 2h, 1d) or an instant (2026-11-24T10:00:00Z)");
        }
    }
}
