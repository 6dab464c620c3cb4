package io.multibroker.alpaca.stub;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The US equity market's regular session as the stand-in keeps it: always open (tests), closed (tests of the
 * closed market), or New York hours (9:30 to 16:00 on weekdays; holidays are not modelled).
 */
public final class StubClock {

    public enum Hours { ALWAYS_OPEN, CLOSED, NEW_YORK }

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Duration FAR = Duration.ofDays(7);

    private volatile Hours hours;

    StubClock(Hours hours) {
        this.hours = hours;
    }

    public void set(Hours newHours) {
        this.hours = newHours;
    }

    public Hours hours() {
        return hours;
    }

    boolean isOpen(Instant now) {
        return switch (hours) {
            case ALWAYS_OPEN -> true;
            case CLOSED -> false;
            case NEW_YORK -> sessionOpen(now.atZone(NEW_YORK));
        };
    }

    Instant nextOpen(Instant now) {
        return switch (hours) {
            case ALWAYS_OPEN -> now.plus(FAR).plusSeconds(60);
            case CLOSED -> now.plus(FAR);
            case NEW_YORK -> {
                ZonedDateTime day = now.atZone(NEW_YORK).with(LocalTime.of(9, 30));
                while (!day.toInstant().isAfter(now) || weekend(day)) {
                    day = day.plusDays(1).with(LocalTime.of(9, 30));
                }
                yield day.toInstant();
            }
        };
    }

    Instant nextClose(Instant now) {
        return switch (hours) {
            case ALWAYS_OPEN -> now.plus(FAR);
            case CLOSED -> now.plus(FAR).plus(Duration.ofMinutes(390));
            case NEW_YORK -> {
                ZonedDateTime day = now.atZone(NEW_YORK).with(LocalTime.of(16, 0));
                while (!day.toInstant().isAfter(now) || weekend(day)) {
                    day = day.plusDays(1).with(LocalTime.of(16, 0));
                }
                yield day.toInstant();
            }
        };
    }

    private static boolean sessionOpen(ZonedDateTime at) {
        LocalTime time = at.toLocalTime();
        return !weekend(at) && !time.isBefore(LocalTime.of(9, 30)) && time.isBefore(LocalTime.of(16, 0));
    }

    private static boolean weekend(ZonedDateTime at) {
        return at.getDayOfWeek() == DayOfWeek.SATURDAY || at.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
