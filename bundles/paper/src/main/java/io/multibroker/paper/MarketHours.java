package io.multibroker.paper;

import io.multibroker.api.capability.TradingSession;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * The US equity market's regular session as a paper account keeps it ({@code market.hours}): New York's 9:30 to 16:00
 * on weekdays (holidays are not modelled), always open (tests and demos at night), or always closed (tests of a closed
 * market). Given as the {@link TradingSession} the Alpaca adapter reads from Alpaca's clock, so that the API refuses the
 * same orders before sending on both.
 */
enum MarketHours {
    NEW_YORK, ALWAYS, CLOSED;

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final LocalTime OPEN = LocalTime.of(9, 30);
    private static final LocalTime CLOSE = LocalTime.of(16, 0);
    /** How far ahead the always-open and always-closed sessions place their next change. */
    private static final Duration FAR = Duration.ofDays(7);

    static MarketHours parse(String value) {
        String word = value == null || value.isBlank() ? "new_york" : value.trim();
        for (MarketHours hours : values()) {
            if (hours.name().equalsIgnoreCase(word)) {
                return hours;
            }
        }
        throw new IllegalArgumentException("market.hours: " + value + " is not one of new_york, always, closed");
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The session as a clock read at {@code now} tells it. */
    TradingSession sessionAt(Instant now) {
        return switch (this) {
            case ALWAYS -> new TradingSession(true, now.plus(FAR).plusSeconds(60), now.plus(FAR));
            case CLOSED -> new TradingSession(false, now.plus(FAR), now.plus(FAR).plus(Duration.ofMinutes(390)));
            case NEW_YORK -> new TradingSession(openAt(now), next(now, OPEN), next(now, CLOSE));
        };
    }

    boolean openAt(Instant now) {
        return switch (this) {
            case ALWAYS -> true;
            case CLOSED -> false;
            case NEW_YORK -> {
                ZonedDateTime at = now.atZone(ZONE);
                LocalTime time = at.toLocalTime();
                yield !weekend(at) && !time.isBefore(OPEN) && time.isBefore(CLOSE);
            }
        };
    }

    /** The first weekday {@code time} in New York after {@code now}. */
    private static Instant next(Instant now, LocalTime time) {
        ZonedDateTime day = now.atZone(ZONE).with(time);
        while (!day.toInstant().isAfter(now) || weekend(day)) {
            day = day.plusDays(1).with(time);
        }
        return day.toInstant();
    }

    private static boolean weekend(ZonedDateTime at) {
        return at.getDayOfWeek() == DayOfWeek.SATURDAY || at.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
